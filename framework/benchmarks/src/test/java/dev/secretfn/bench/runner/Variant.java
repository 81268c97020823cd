package dev.secretfn.bench.runner;

import java.util.List;

/**
 * The settings a run's figures depend on beyond the machine: the extra JVM options ({@code -Dbench.jvmOptions})
 * and the AppCDS recipe ({@code -Dbench.cds}). Each variant has its own section in docs/benchmarks.md, found by
 * {@link #id()}; a run replaces only its variant's section.
 *
 * <p>The three variants docs/cold-start.md compares have short names ("default", "c1", "appcds-c1") and come
 * first, in that order; any other combination is named and titled by its settings, so two runs with different
 * settings never overwrite each other.
 */
record Variant(List<String> jvmOptions, boolean cds) {
  static final String C1 = "-XX:TieredStopAtLevel=1";
  private static final List<String> KNOWN = List.of("default", "c1", "appcds-c1");

  Variant {
    jvmOptions = List.copyOf(jvmOptions);
    if (String.join(" ", jvmOptions).contains("-->")) {
      // The id goes into an HTML comment (the section's markers), which "-->" would end.
      throw new IllegalArgumentException("-Dbench.jvmOptions: '-->' cannot be part of a section marker: "
          + jvmOptions);
    }
  }

  /** The section's key in the report's markers: one line, no "-->". */
  String id() {
    if (jvmOptions.isEmpty() && !cds) {
      return "default";
    }
    if (jvmOptions.equals(List.of(C1))) {
      return cds ? "appcds-c1" : "c1";
    }
    return "jvmOptions=" + String.join(" ", jvmOptions) + " cds=" + cds;
  }

  /** The section's heading. */
  String title() {
    return switch (id()) {
      case "default" -> "Default flags";
      case "c1" -> "C1 (" + C1 + ")";
      case "appcds-c1" -> "AppCDS + C1";
      default -> {
        String options = jvmOptions.isEmpty() ? "no extra JVM options" : "JVM options " + String.join(" ", jvmOptions);
        yield cds ? "AppCDS, " + options : options;
      }
    };
  }

  /** The switches that select this variant, for the rerun command; empty for the default. */
  String switches() {
    StringBuilder out = new StringBuilder();
    if (!jvmOptions.isEmpty()) {
      String joined = String.join(" ", jvmOptions);
      out.append(" -Dbench.jvmOptions=").append(jvmOptions.size() == 1 ? joined : "\"" + joined + "\"");
    }
    if (cds) {
      out.append(" -Dbench.cds=true");
    }
    return out.toString();
  }

  /** Where a section of this id goes: the known variants in their order, then the others (rank 3). */
  static int rank(String id) {
    int known = KNOWN.indexOf(id);
    return known >= 0 ? known : KNOWN.size();
  }
}

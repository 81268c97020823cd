package dev.secretfn.bench.runner;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a run's figures depend on beyond the machine: the extra JVM options ({@code -Dbench.jvmOptions}),
 * the start-up archive recipe ({@code -Dbench.cds}, {@code -Dbench.aot}) and the feature version of the JDK the
 * function processes run on ({@code -Dbench.jdk}). Each variant has its own section in docs/benchmarks.md, found
 * by {@link #id()}; a run replaces only its variant's section.
 *
 * <p>On JDK 17 the variants docs/cold-start.md compares have short names ("default", "c1", "appcds-c1"); on any
 * other JDK the same names carry a "jdkN-" prefix ("jdk25-default", "jdk25-aot"). Sections are ordered by JDK,
 * then the known names in their order; any other combination is named and titled by its settings, so two runs
 * with different settings never overwrite each other.
 */
record Variant(List<String> jvmOptions, Archive archive, int jdk) {
  static final String C1 = "-XX:TieredStopAtLevel=1";
  /** The JDK whose sections have no prefix: the project's build JDK, where the report started. */
  static final int BASELINE_JDK = 17;
  /** The first JDK with {@code -XX:AOTCacheOutput} (JEP 514). */
  static final int AOT_JDK = 25;
  private static final List<String> KNOWN = List.of("default", "c1", "appcds-c1", "aot", "aot-c1");
  private static final Pattern PREFIX = Pattern.compile("jdk(\\d+)-(.*)");

  Variant {
    jvmOptions = List.copyOf(jvmOptions);
    if (String.join(" ", jvmOptions).contains("-->")) {
      // The id goes into an HTML comment (the section's markers), which "-->" would end.
      throw new IllegalArgumentException("-Dbench.jvmOptions: '-->' cannot be part of a section marker: "
          + jvmOptions);
    }
    if (archive == Archive.AOT && jdk < AOT_JDK) {
      throw new IllegalArgumentException("-Dbench.aot=true: the AOT cache (-XX:AOTCacheOutput, JEP 514) needs JDK "
          + AOT_JDK + " or later, and the function processes run on JDK " + jdk + ": add -Dbench.jdk=<the home of a"
          + " JDK 25>, or use -Dbench.cds=true (AppCDS) on this JDK");
    }
  }

  /** A variant of the baseline JDK: the settings docs/cold-start.md compares. */
  Variant(List<String> jvmOptions, Archive archive) {
    this(jvmOptions, archive, BASELINE_JDK);
  }

  /** The section's key in the report's markers: one line, no "-->". */
  String id() {
    return jdk == BASELINE_JDK ? base() : "jdk" + jdk + "-" + base();
  }

  private String base() {
    if (jvmOptions.isEmpty() && archive != Archive.APPCDS) {
      return archive == Archive.AOT ? "aot" : "default";
    }
    if (jvmOptions.equals(List.of(C1))) {
      return switch (archive) {
        case NONE -> "c1";
        case APPCDS -> "appcds-c1";
        case AOT -> "aot-c1";
      };
    }
    return "jvmOptions=" + String.join(" ", jvmOptions) + " cds=" + (archive == Archive.APPCDS)
        + (archive == Archive.AOT ? " aot=true" : "");
  }

  /** The section's heading, which names the JDK. */
  String title() {
    String settings = switch (base()) {
      case "default" -> "Default flags";
      case "c1" -> "C1 (" + C1 + ")";
      case "appcds-c1" -> "AppCDS + C1";
      case "aot" -> "AOT cache";
      case "aot-c1" -> "AOT cache + C1";
      default -> {
        String options = jvmOptions.isEmpty() ? "no extra JVM options" : "JVM options " + String.join(" ", jvmOptions);
        yield archive == Archive.NONE ? options : archive.label() + ", " + options;
      }
    };
    return settings + ", JDK " + jdk;
  }

  /**
   * The switches that select this variant, for the rerun command; empty for the default on the baseline JDK.
   * Another JDK is named by a shell variable ({@code $JDK25_HOME}): its home differs between machines.
   */
  String switches() {
    StringBuilder out = new StringBuilder();
    if (jdk != BASELINE_JDK) {
      out.append(" -Dbench.jdk=$JDK").append(jdk).append("_HOME");
    }
    if (!jvmOptions.isEmpty()) {
      String joined = String.join(" ", jvmOptions);
      out.append(" -Dbench.jvmOptions=").append(jvmOptions.size() == 1 ? joined : "\"" + joined + "\"");
    }
    if (archive == Archive.APPCDS) {
      out.append(" -Dbench.cds=true");
    } else if (archive == Archive.AOT) {
      out.append(" -Dbench.aot=true");
    }
    return out.toString();
  }

  /**
   * Where a section of this id goes: by JDK, then the known variants in their order, then the others (in the
   * order they were first written, as the sort is stable).
   */
  static int rank(String id) {
    Matcher prefixed = PREFIX.matcher(id);
    int jdk = prefixed.matches() ? Integer.parseInt(prefixed.group(1)) : BASELINE_JDK;
    String base = prefixed.matches() ? prefixed.group(2) : id;
    int known = KNOWN.indexOf(base);
    return jdk * (KNOWN.size() + 1) + (known >= 0 ? known : KNOWN.size());
  }
}

package dev.secretfn.bench.runner;

import dev.secretfn.bench.runner.ColdStartBenchmark.Details;
import dev.secretfn.bench.runner.ColdStartBenchmark.Runtime;
import dev.secretfn.bench.runner.ColdStartBenchmark.Scenario;
import dev.secretfn.bench.runner.ColdStartBenchmark.Start;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Collects the measurements of one run and writes them as its variant's section of docs/benchmarks.md. */
final class Report {
  static final String EMPTY = "empty function";
  static final String ONE = "secretfn, 1 secret";
  static final String TEN = "secretfn, 10 secrets";
  static final String NAIVE = "naive, 10 secrets (sequential, default clients)";
  static final long GCF_JAR_LIMIT = 20_000_000;
  static final long LAMBDA_JAR_LIMIT = 8_000_000;

  private final int runs;
  private final int warm;
  private final Path root;
  private final Variant variant;
  private final Map<String, List<Long>> millis = new LinkedHashMap<>();
  private final Map<String, List<Long>> resolved = new LinkedHashMap<>();
  private final Map<String, List<Long>> ready = new LinkedHashMap<>();
  private final Map<String, Details> details = new LinkedHashMap<>();
  private final List<List<String>> jars = new ArrayList<>();
  private final Map<String, Long> jarBytes = new LinkedHashMap<>();

  Report(int runs, int warm, Path root, Variant variant) {
    this.runs = runs;
    this.warm = warm;
    this.root = root;
    this.variant = variant;
  }

  static String key(Scenario scenario, int latency) {
    return scenario.key() + "@" + latency;
  }

  void add(Scenario scenario, int latency, Start start) {
    millis.computeIfAbsent(key(scenario, latency), k -> new ArrayList<>()).add(start.millis());
    start.resolvedMillis().ifPresent(
        ms -> resolved.computeIfAbsent(key(scenario, latency), k -> new ArrayList<>()).add(ms));
    start.readyMillis().ifPresent(
        ms -> ready.computeIfAbsent(key(scenario, latency), k -> new ArrayList<>()).add(ms));
  }

  void details(Scenario scenario, Details figures) {
    details.put(scenario.key(), figures);
  }

  void jar(Path jar, long bytes, long classes) {
    String name = root.relativize(jar.toAbsolutePath().normalize()).toString();
    jars.add(List.of("`" + name + "`", Stats.megabytes(bytes), Long.toString(classes)));
    jarBytes.put(name, bytes);
  }

  /** The median of a scenario at a latency; empty when it was not run (a -Dbench.scenarios subset). */
  private Optional<Long> median(Runtime runtime, String scenario, int latency) {
    return Optional.ofNullable(millis.get(runtime + "/" + scenario + "@" + latency)).map(v -> Stats.of(v).median());
  }

  /** {@code a - b} of two medians, or empty when either scenario was not run. */
  private Optional<Long> difference(Runtime runtime, String a, String b, int latency) {
    Optional<Long> minuend = median(runtime, a, latency);
    Optional<Long> subtrahend = median(runtime, b, latency);
    return minuend.isPresent() && subtrahend.isPresent()
        ? Optional.of(minuend.get() - subtrahend.get()) : Optional.empty();
  }

  /**
   * This run's section of docs/benchmarks.md ({@link ReportFile}): its settings, the cold-start tables, the jars,
   * the extra start's figures and the targets. {@code all} is every scenario the runner knows, so that a
   * {@code -Dbench.scenarios} subset says so in the section's header.
   */
  ReportFile.Section section(List<Scenario> scenarios, List<Scenario> all) {
    List<String> jvmOptions = variant.jvmOptions();
    StringBuilder out = new StringBuilder();
    out.append("## ").append(variant.title()).append("\n\n")
        .append(ReportFile.mediansLine(medians(scenarios))).append("\n\n")
        .append("| | |\n|---|---|\n")
        .append("| date | ").append(ColdStartBenchmark.now()).append(" |\n")
        .append("| JDK | ").append(System.getProperty("java.vm.vendor")).append(' ')
        .append(System.getProperty("java.runtime.version")).append(" |\n")
        .append("| machine | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append(", ").append(java.lang.Runtime.getRuntime().availableProcessors()).append(" cores |\n")
        .append("| runs (`-Dbench.runs`) | ").append(runs)
        .append(" cold starts per scenario and latency, scenarios interleaved |\n")
        .append("| warm invocations (`-Dbench.warm`) | ").append(warm).append(" after one more start per scenario |\n")
        .append("| extra JVM options (`-Dbench.jvmOptions`) | ")
        .append(jvmOptions.isEmpty() ? "none" : "`" + String.join(" ", jvmOptions) + "`").append(" |\n")
        .append("| AppCDS (`-Dbench.cds`) | ").append(variant.cds()
            ? "yes: one training start per scenario (`-XX:ArchiveClassesAtExit`), then every start maps that"
                + " scenario's archive (`-XX:SharedArchiveFile`); classes from the archive count as JDK below"
            : "no").append(" |\n")
        .append("| scenarios (`-Dbench.scenarios`) | ").append(scenarios(scenarios, all)).append(" |\n")
        .append("| rerun this variant | `").append(ColdStartBenchmark.COMMAND).append(variant.switches()).append("` |\n\n");

    out.append("### Cold start: process start to first answered request (ms)\n\n")
        .append("Median (min–max) over ").append(runs).append(" fresh JVMs. \"Overhead\" is the median minus the")
        .append(" empty function's median at the same latency. The latency is added by the emulators to every")
        .append(" KMS / storage request; the runtimes' own traffic (invoker HTTP, Runtime API) has none.\n\n");
    for (Runtime runtime : Runtime.values()) {
      out.append("#### ").append(runtime == Runtime.GCF ? "GCF (Functions Framework invoker 2.0.0)"
          : "Lambda (runtime interface client 2.10.1, Runtime API emulator)").append("\n\n");
      List<List<String>> rows = new ArrayList<>();
      for (Scenario scenario : scenarios) {
        if (scenario.runtime() != runtime) {
          continue;
        }
        List<String> row = new ArrayList<>();
        row.add(scenario.name());
        for (int latency : ColdStartBenchmark.LATENCIES) {
          Stats.Summary summary = Stats.of(millis.get(key(scenario, latency)));
          row.add(summary.medianMinMax());
          row.add(median(runtime, EMPTY, latency).map(empty -> Stats.signed(summary.median() - empty)).orElse("–"));
        }
        row.add(figure(resolved, scenario));
        row.add(figure(ready, scenario));
        rows.add(row);
      }
      out.append(Stats.table(List.of("scenario", "0 ms: median (min–max)", "overhead", "30 ms: median (min–max)",
          "overhead", "secretfn 'resolved … in' 0 / 30 ms", "secretfn 'ready in' 0 / 30 ms"), rows)).append('\n');
    }

    out.append("### Deployable jars\n\n");
    out.append(Stats.table(List.of("jar", "MB (10^6 bytes)", ".class entries"), jars)).append('\n');

    out.append("### One more start per scenario (0 ms latency)\n\n")
        .append("Started with `JAVA_TOOL_OPTIONS=-Xlog:class+load=info:file=…`; the log is read right after the first")
        .append(" answer. \"JDK\" counts classes from `jrt:/` and the CDS archive, \"function jar\" those loaded from")
        .append(" the scenario jar (GCF) or its extracted task root (Lambda), \"runtime\" those from the invoker's or")
        .append(" the runtime client's jars, \"generated\" the hidden classes spun at run time: lambda and method-reference proxies")
        .append(" (logged with their defining class as source) and lambda forms (`__JVM_LookupDefineClass__`).")
        .append(" Heap: `jcmd PID GC.run`, then the used figure of `jcmd PID GC.heap_info`, right after the first")
        .append(" answer.")
        .append(" Then ").append(warm).append(" warm invocations; the emulators count every request they receive.\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      Details d = details.get(scenario.key());
      if (d == null) {
        continue;
      }
      rows.add(List.of(scenario.runtime() + ", " + scenario.name(), Long.toString(d.classesTotal()),
          Long.toString(d.classesJdk()), Long.toString(d.classesFunction()), Long.toString(d.classesRuntime()),
          Long.toString(d.classesGenerated()), heap(d.heapKb()), Integer.toString(d.startRequests()),
          Integer.toString(d.warmRequests())));
    }
    out.append(Stats.table(List.of("scenario", "classes loaded at first answer", "JDK", "function jar", "runtime",
        "generated (hidden)", "heap used after GC (MB)", "emulator requests during start-up", "emulator requests during " + warm + " warm invocations"),
        rows)).append('\n');

    out.append("#### Where the function jar's classes come from (10 secrets, top 12 packages)\n\n");
    List<List<String>> packageRows = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      Details d = details.get(scenario.key());
      if (d == null || !(scenario.name().equals(TEN) || scenario.name().equals(NAIVE))) {
        continue;
      }
      String label = scenario.runtime() + (scenario.name().equals(NAIVE) ? ", naive" : ", secretfn");
      d.functionPackages().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(12)
          .forEach(e -> packageRows.add(List.of(label, "`" + e.getKey() + "`", Long.toString(e.getValue()))));
    }
    out.append(Stats.table(List.of("runtime", "package", "classes loaded"), packageRows)).append('\n');

    out.append("### Targets (issue 5)\n\n")
        .append("One round trip is the added latency, 30 ms (loopback adds well under 1 ms).\n\n");
    List<List<String>> targets = new ArrayList<>();
    for (Runtime runtime : Runtime.values()) {
      Optional<Long> overhead = difference(runtime, TEN, EMPTY, 30);
      targets.add(List.of(runtime + ": 10 secrets vs empty function, 30 ms", "≤ +280 ms (250 ms + 1 round trip)",
          overhead.map(ms -> Stats.signed(ms) + " ms").orElse("not measured"),
          overhead.map(ms -> metOrNot(ms <= 280)).orElse("not measured")));
    }
    for (Runtime runtime : Runtime.values()) {
      Optional<Long> overhead = difference(runtime, TEN, ONE, 30);
      targets.add(List.of(runtime + ": 10 secrets vs 1 secret, 30 ms", "≤ +15 ms (0.5 round trip)",
          overhead.map(ms -> Stats.signed(ms) + " ms").orElse("not measured"),
          overhead.map(ms -> metOrNot(ms <= 15)).orElse("not measured")));
    }
    for (Runtime runtime : Runtime.values()) {
      // No target of its own: what secretfn saves (negative) or costs over the seed's way, for reference.
      Optional<Long> saved = difference(runtime, TEN, NAIVE, 30);
      targets.add(List.of(runtime + ": secretfn vs naive, 10 secrets, 30 ms", "for reference",
          saved.map(ms -> Stats.signed(ms) + " ms").orElse("not measured"), "–"));
    }
    jarBytes.forEach((name, bytes) -> {
      // One jar per sample function, built by its own module: samples-CLOUD/FUNCTION/target/….
      String[] path = name.split("/");
      if (name.startsWith("samples-gcf/")) {
        targets.add(List.of("GCF sample jar (" + path[1] + ")", "≤ 20 MB", Stats.megabytes(bytes) + " MB",
            metOrNot(bytes <= GCF_JAR_LIMIT)));
      } else if (name.startsWith("samples-lambda/")) {
        targets.add(List.of("Lambda sample jar (" + path[1] + ")", "≤ 8 MB", Stats.megabytes(bytes) + " MB",
            metOrNot(bytes <= LAMBDA_JAR_LIMIT)));
      }
    });
    int warmRequests = details.values().stream().mapToInt(Details::warmRequests).sum();
    targets.add(List.of("network calls per warm invocation", "0", warmRequests + " in " + warm
        + " invocations × " + details.size() + " scenarios", metOrNot(warmRequests == 0 && !details.isEmpty())));
    for (Runtime runtime : Runtime.values()) {
      Details ten = details.get(runtime + "/" + TEN);
      Details empty = details.get(runtime + "/" + EMPTY);
      if (ten == null || empty == null || ten.heapKb() < 0 || empty.heapKb() < 0) {
        targets.add(List.of(runtime + ": heap after init vs empty", "≤ +8 MB", "not measured", "not measured"));
      } else {
        long extraKb = ten.heapKb() - empty.heapKb();
        targets.add(List.of(runtime + ": heap after init, 10 secrets vs empty", "≤ +8 MB",
            (extraKb >= 0 ? "+" : "") + Stats.megabytes(extraKb * 1024) + " MB (one start)", metOrNot(extraKb * 1024 <= 8_000_000)));
      }
    }
    targets.add(List.of("dispatch overhead vs direct call", "within noise",
        "JMH, separate command: see \"Dispatch (JMH)\" in [cold-start.md](cold-start.md)", "see there"));
    out.append(Stats.table(List.of("target", "limit", "measured (medians)", "status"), targets)).append('\n');

    return ReportFile.Section.of(variant, out.toString());
  }

  /** "all", or the subset's ids and what a left-out scenario does to the tables. */
  private static String scenarios(List<Scenario> scenarios, List<Scenario> all) {
    if (scenarios.size() == all.size()) {
      return "all";
    }
    return "a subset: " + scenarios.stream().map(scenario -> "`" + scenario.id() + "`")
        .collect(java.util.stream.Collectors.joining(", "))
        + "; the others are left out of the tables, and comparisons that need them read \"not measured\"";
  }

  /** Each scenario's median at each latency, keyed "id@latency", for the medians line. */
  private Map<String, Long> medians(List<Scenario> scenarios) {
    Map<String, Long> medians = new LinkedHashMap<>();
    for (Scenario scenario : scenarios) {
      for (int latency : ColdStartBenchmark.LATENCIES) {
        List<Long> values = millis.get(key(scenario, latency));
        if (values != null) {
          medians.put(scenario.id() + "@" + latency, Stats.of(values).median());
        }
      }
    }
    return medians;
  }

  /** KiB as MB of 10^6 bytes, one decimal; "–" when not measured. */
  static String heap(long kb) {
    return kb == -1 ? "–" : String.format(java.util.Locale.ROOT, "%.1f", kb * 1024 / 1_000_000.0);
  }

  private static String metOrNot(boolean met) {
    return met ? "met" : "**not met**";
  }

  private String figure(Map<String, List<Long>> figures, Scenario scenario) {
    List<String> parts = new ArrayList<>();
    for (int latency : ColdStartBenchmark.LATENCIES) {
      Optional<List<Long>> values = Optional.ofNullable(figures.get(key(scenario, latency)));
      parts.add(values.map(v -> Long.toString(Stats.of(v).median())).orElse("–"));
    }
    return parts.get(0).equals("–") && parts.get(1).equals("–") ? "–" : String.join(" / ", parts);
  }
}

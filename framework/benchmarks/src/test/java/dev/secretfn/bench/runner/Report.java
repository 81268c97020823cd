package dev.secretfn.bench.runner;

import dev.secretfn.bench.runner.ColdStartBenchmark.Details;
import dev.secretfn.bench.runner.ColdStartBenchmark.Start;
import dev.secretfn.bench.runner.Scenario.Kind;
import dev.secretfn.bench.runner.Scenario.Runtime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Collects the measurements of one run and writes them as its variant's section of docs/benchmarks.md. */
final class Report {
  private final int runs;
  private final int warm;
  private final Path root;
  private final Variant variant;
  private final Map<String, List<Long>> millis = new LinkedHashMap<>();
  private final Map<String, List<Long>> resolved = new LinkedHashMap<>();
  private final Map<String, List<Long>> ready = new LinkedHashMap<>();
  private final Map<String, Details> details = new LinkedHashMap<>();
  private final List<List<String>> jars = new ArrayList<>();
  private final Map<String, Optional<Long>> samples = new LinkedHashMap<>();
  private final Map<String, Long> archiveBytes = new LinkedHashMap<>();

  Report(int runs, int warm, Path root, Variant variant) {
    this.runs = runs;
    this.warm = warm;
    this.root = root;
    this.variant = variant;
  }

  static String key(Scenario scenario, int latency) {
    return scenario.id() + "@" + latency;
  }

  void add(Scenario scenario, int latency, Start start) {
    millis.computeIfAbsent(key(scenario, latency), k -> new ArrayList<>()).add(start.millis());
    start.resolvedMillis().ifPresent(
        ms -> resolved.computeIfAbsent(key(scenario, latency), k -> new ArrayList<>()).add(ms));
    start.readyMillis().ifPresent(
        ms -> ready.computeIfAbsent(key(scenario, latency), k -> new ArrayList<>()).add(ms));
  }

  void details(Scenario scenario, Details figures) {
    details.put(scenario.id(), figures);
  }

  void jar(Path jar, long bytes, long classes) {
    jars.add(List.of("`" + relative(jar) + "`", Stats.megabytes(bytes), Long.toString(classes)));
  }

  /** A sample function module's deployable jar for T3; empty when the module has not built one. */
  void sample(String module, Optional<Long> bytes) {
    samples.put(module, bytes);
  }

  /** The size of a scenario's trained archive (AppCDS or AOT cache). */
  void archive(Scenario scenario, long bytes) {
    archiveBytes.put(scenario.id(), bytes);
  }

  private String relative(Path path) {
    return root.relativize(path.toAbsolutePath().normalize()).toString();
  }

  /** The median of a scenario at a latency; empty when it was not run (a -Dbench.scenarios subset). */
  Optional<Long> median(Runtime runtime, Kind kind, int latency) {
    return Optional.ofNullable(millis.get(Scenario.id(runtime, kind) + "@" + latency))
        .map(v -> Stats.of(v).median());
  }

  /** {@code a - b} of two medians, or empty when either scenario was not run. */
  Optional<Long> difference(Runtime runtime, Kind a, Kind b, int latency) {
    Optional<Long> minuend = median(runtime, a, latency);
    Optional<Long> subtrahend = median(runtime, b, latency);
    return minuend.isPresent() && subtrahend.isPresent()
        ? Optional.of(minuend.get() - subtrahend.get()) : Optional.empty();
  }

  Optional<Details> detailsOf(Runtime runtime, Kind kind) {
    return Optional.ofNullable(details.get(Scenario.id(runtime, kind)));
  }

  /**
   * This run's section of docs/benchmarks.md ({@link ReportFile}): its settings, the targets, the cold-start
   * tables, where the time goes, the extra start's figures and the jars. {@code all} is every scenario the runner
   * knows, so that a {@code -Dbench.scenarios} subset says so in the section's header.
   */
  ReportFile.Section section(List<Scenario> scenarios, List<Scenario> all) {
    StringBuilder out = new StringBuilder();
    out.append("## ").append(variant.title()).append("\n\n")
        .append(ReportFile.mediansLine(medians(scenarios))).append("\n\n");
    settings(out, scenarios, all);
    targets(out, all.stream().anyMatch(s -> s.kind() == Kind.TEN_OFFICIAL));
    coldStarts(out, scenarios);
    new WhereTimeGoes(this).append(out, scenarios);
    extraStart(out, scenarios);
    out.append("### Deployable jars\n\n");
    out.append(Stats.table(List.of("jar", "MB (10^6 bytes)", ".class entries"), jars)).append('\n');
    return ReportFile.Section.of(variant, out.toString());
  }

  private void settings(StringBuilder out, List<Scenario> scenarios, List<Scenario> all) {
    List<String> jvmOptions = variant.jvmOptions();
    out.append("| | |\n|---|---|\n")
        .append("| date | ").append(ColdStartBenchmark.now()).append(" |\n")
        .append("| JDK of the runner and every function JVM (`-Dbench.jdk`) | ")
        .append(System.getProperty("java.vm.vendor")).append(' ').append(System.getProperty("java.runtime.version"))
        .append(" (`").append(System.getProperty("java.home")).append("`) |\n")
        .append("| machine | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
        .append(", ").append(java.lang.Runtime.getRuntime().availableProcessors()).append(" cores |\n")
        .append("| runs (`-Dbench.runs`) | ").append(runs)
        .append(" cold starts per scenario and latency, scenarios interleaved |\n")
        .append("| warm invocations (`-Dbench.warm`) | ").append(warm).append(" after one more start per scenario |\n")
        .append("| extra JVM options (`-Dbench.jvmOptions`) | ")
        .append(jvmOptions.isEmpty() ? "none" : "`" + String.join(" ", jvmOptions) + "`").append(" |\n")
        .append("| start-up archive (`-Dbench.cds`, `-Dbench.aot`) | ").append(archive()).append(" |\n")
        .append("| scenarios (`-Dbench.scenarios`) | ").append(scenarios(scenarios, all)).append(" |\n")
        .append("| rerun this variant | `").append(ColdStartBenchmark.COMMAND).append(variant.switches())
        .append("` |\n\n");
  }

  private String archive() {
    String sizes = archiveBytes.isEmpty() ? "" : " Sizes (MB): " + archiveBytes.entrySet().stream()
        .map(e -> "`" + e.getKey() + "` " + Stats.megabytes(e.getValue())).collect(Collectors.joining(", ")) + ".";
    return switch (variant.archive()) {
      case NONE -> "none";
      case APPCDS -> "AppCDS: one training start per scenario (`-XX:ArchiveClassesAtExit`), then every start maps"
          + " that scenario's archive (`-XX:SharedArchiveFile`); classes from the archive count as JDK below." + sizes;
      case AOT -> "AOT cache (JEPs 483, 514, 515): one training start per scenario against the emulators"
          + " (`-XX:AOTCacheOutput`, ended by SIGTERM after its first answer), then every start requires that"
          + " scenario's cache (`-XX:AOTMode=on -XX:AOTCache=…`); classes from the cache count as JDK below." + sizes;
    };
  }

  private void targets(StringBuilder out, boolean officialBuilt) {
    out.append("### Targets (issue 12)\n\n")
        .append("One round trip is the latency the emulators add to every request, ").append(Targets.ROUND_TRIP_MS)
        .append(" ms; figures are differences of the medians below at that latency. \"Default transport\": the")
        .append(" stores as a component binds them; \"official client\": the same references with each store's")
        .append(" `*ClientTransportModule` added (framework/benchmarks-official). No scenario uses TLS (the")
        .append(" emulators serve plain HTTP on loopback): in production the handshake and its classes come on top")
        .append(" of the floor and of every transport alike.\n\n");
    String notBuilt = "not built";
    List<List<String>> rows = new ArrayList<>();
    for (Runtime runtime : Runtime.values()) {
      Targets.Check t1 = Targets.t1(difference(runtime, Kind.TEN, Kind.EMPTY, Targets.ROUND_TRIP_MS));
      Targets.Check t1Official = Targets.t1(difference(runtime, Kind.TEN_OFFICIAL, Kind.EMPTY, Targets.ROUND_TRIP_MS));
      rows.add(List.of("T1 " + runtime + ": 10 secrets vs empty function", "≤ +" + Targets.T1_MS
              + " ms (250 ms + 1 round trip)", t1.millis(), t1.status(),
          officialBuilt ? t1Official.millis() : notBuilt, officialBuilt ? t1Official.status() : "–"));
    }
    for (Runtime runtime : Runtime.values()) {
      Targets.Check t2 = Targets.t2(difference(runtime, Kind.TEN, Kind.ONE, Targets.ROUND_TRIP_MS));
      Targets.Check t2Official = Targets.t2(
          difference(runtime, Kind.TEN_OFFICIAL, Kind.ONE_OFFICIAL, Targets.ROUND_TRIP_MS));
      rows.add(List.of("T2 " + runtime + ": 10 secrets vs 1 secret", "≤ +" + Targets.T2_MS + " ms (0.5 round trip)",
          t2.millis(), t2.status(), officialBuilt ? t2Official.millis() : notBuilt,
          officialBuilt ? t2Official.status() : "–"));
    }
    for (Runtime runtime : Runtime.values()) {
      rows.add(reference(runtime + ": physical floor vs empty function (the JDK's HTTP classes + 1 round trip)",
          difference(runtime, Kind.FLOOR, Kind.EMPTY, Targets.ROUND_TRIP_MS), Optional.empty(), false));
      rows.add(reference(runtime + ": framework overhead vs empty function (secretfn, 10 secrets in memory)",
          difference(runtime, Kind.MEMORY, Kind.EMPTY, Targets.ROUND_TRIP_MS), Optional.empty(), false));
      rows.add(reference(runtime + ": 10 secrets vs physical floor (what secretfn adds over the limit)",
          difference(runtime, Kind.TEN, Kind.FLOOR, Targets.ROUND_TRIP_MS),
          difference(runtime, Kind.TEN_OFFICIAL, Kind.FLOOR, Targets.ROUND_TRIP_MS), officialBuilt));
      rows.add(reference(runtime + ": 10 secrets vs naive comparator",
          difference(runtime, Kind.TEN, Kind.NAIVE, Targets.ROUND_TRIP_MS),
          difference(runtime, Kind.TEN_OFFICIAL, Kind.NAIVE, Targets.ROUND_TRIP_MS), officialBuilt));
    }
    out.append(Stats.table(List.of("target, at " + Targets.ROUND_TRIP_MS + " ms", "limit", "default transport",
        "status", "official client", "status"), rows)).append('\n');

    out.append("T3: every sample function's deployable jar (its module's `*-function.jar`) at most 8 MB (10^6"
        + " bytes).\n\n");
    List<List<String>> jarRows = new ArrayList<>();
    samples.forEach((module, bytes) -> {
      Targets.Check t3 = new Targets.Check(bytes, Targets.T3_BYTES);
      jarRows.add(List.of("T3 `" + module + "`", "≤ 8 MB", bytes.map(b -> Stats.megabytes(b) + " MB")
          .orElse("not built"), t3.status()));
    });
    out.append(Stats.table(List.of("target", "limit", "measured", "status"), jarRows)).append('\n');

    out.append("Issue 5's other targets:\n\n");
    List<List<String>> other = new ArrayList<>();
    int warmRequests = details.values().stream().mapToInt(Details::warmRequests).sum();
    other.add(List.of("network calls per warm invocation", "0", warmRequests + " in " + warm
        + " invocations × " + details.size() + " scenarios", metOrNot(warmRequests == 0 && !details.isEmpty())));
    for (Runtime runtime : Runtime.values()) {
      Optional<Details> ten = detailsOf(runtime, Kind.TEN);
      Optional<Details> empty = detailsOf(runtime, Kind.EMPTY);
      if (ten.isEmpty() || empty.isEmpty() || ten.get().heapKb() < 0 || empty.get().heapKb() < 0) {
        other.add(List.of(runtime + ": heap after init, 10 secrets vs empty", "≤ +8 MB", "not measured",
            "not measured"));
      } else {
        long extraKb = ten.get().heapKb() - empty.get().heapKb();
        other.add(List.of(runtime + ": heap after init, 10 secrets vs empty", "≤ +8 MB",
            (extraKb >= 0 ? "+" : "") + Stats.megabytes(extraKb * 1024) + " MB (one start)",
            metOrNot(extraKb * 1024 <= 8_000_000)));
      }
    }
    other.add(List.of("dispatch overhead vs direct call", "within noise",
        "JMH, separate command: see \"Dispatch (JMH)\" in [cold-start.md](cold-start.md)", "see there"));
    out.append(Stats.table(List.of("target", "limit", "measured", "status"), other)).append('\n');
  }

  private static List<String> reference(String what, Optional<Long> figure, Optional<Long> official,
      boolean officialBuilt) {
    return List.of(what, "for reference", new Targets.Check(figure, 0).millis(), "–",
        officialBuilt ? new Targets.Check(official, 0).millis() : "–", "–");
  }

  private void coldStarts(StringBuilder out, List<Scenario> scenarios) {
    out.append("### Cold start: process start to first answered request (ms)\n\n")
        .append("Median (min–max) over ").append(runs).append(" fresh JVMs. \"Overhead\" is the median minus the")
        .append(" empty function's median at the same latency. The latency is added by the emulators to every")
        .append(" store request (KMS, storage, Secret Manager, SSM); the runtimes' own traffic (invoker HTTP, Runtime")
        .append(" API) has none.\n\n");
    for (Runtime runtime : Runtime.values()) {
      out.append("#### ").append(runtime.heading()).append("\n\n");
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
          row.add(median(runtime, Kind.EMPTY, latency).map(empty -> Stats.signed(summary.median() - empty))
              .orElse("–"));
        }
        row.add(figure(resolved, scenario));
        row.add(figure(ready, scenario));
        rows.add(row);
      }
      out.append(Stats.table(List.of("scenario", "0 ms: median (min–max)", "overhead", "30 ms: median (min–max)",
          "overhead", "secretfn 'resolved … in' 0 / 30 ms", "secretfn 'ready in' 0 / 30 ms"), rows)).append('\n');
    }
  }

  private void extraStart(StringBuilder out, List<Scenario> scenarios) {
    out.append("### One more start per scenario (0 ms latency)\n\n")
        .append("Started with `JAVA_TOOL_OPTIONS=-Xlog:class+load=info:file=…`; the log is read right after the first")
        .append(" answer. \"JDK\" counts classes from `jrt:/` and the CDS archive or AOT cache, \"function jar\" those")
        .append(" loaded from the scenario jar (GCF) or its extracted task root (Lambda), \"runtime\" those from the")
        .append(" invoker's or the runtime client's jars, \"generated\" the hidden classes spun at run time: lambda")
        .append(" and method-reference proxies (logged with their defining class as source), lambda forms")
        .append(" (`__JVM_LookupDefineClass__`) and dynamic proxies.")
        .append(" Heap: `jcmd PID GC.run`, then the used figure of `jcmd PID GC.heap_info`, right after the first")
        .append(" answer.")
        .append(" Then ").append(warm).append(" warm invocations; the emulators count every request they receive.\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      Details d = details.get(scenario.id());
      if (d == null) {
        continue;
      }
      rows.add(List.of(scenario.runtime() + ", " + scenario.name(), Long.toString(d.classesTotal()),
          Long.toString(d.classes(ClassLoadLog.Origin.JDK)), Long.toString(d.classes(ClassLoadLog.Origin.FUNCTION)),
          Long.toString(d.classes(ClassLoadLog.Origin.RUNTIME)),
          Long.toString(d.classes(ClassLoadLog.Origin.GENERATED)), heap(d.heapKb()),
          Integer.toString(d.startRequestCount()), Integer.toString(d.warmRequests())));
    }
    out.append(Stats.table(List.of("scenario", "classes loaded at first answer", "JDK", "function jar", "runtime",
        "generated (hidden)", "heap used after GC (MB)", "emulator requests during start-up",
        "emulator requests during " + warm + " warm invocations"), rows)).append('\n');
  }

  /** "all", or the subset's ids and what a left-out scenario does to the tables. */
  private static String scenarios(List<Scenario> scenarios, List<Scenario> all) {
    // framework/benchmarks-official's jars: gcf and lambda for the KMS and storage ones, *-managed for the others.
    boolean kmsAndStorage = all.stream().anyMatch(s -> s.kind() == Kind.TEN_OFFICIAL);
    boolean managed = all.stream()
        .anyMatch(s -> s.kind() == Kind.SECRET_MANAGER_TEN_OFFICIAL || s.kind() == Kind.SSM_TEN_OFFICIAL);
    String official = kmsAndStorage && managed ? ""
        : " (the " + (kmsAndStorage ? "managed stores' " : managed ? "1- and 10-secret " : "")
            + "official-client scenarios are not built: framework/benchmarks-official)";
    if (scenarios.size() == all.size()) {
      return "all" + official;
    }
    return "a subset: " + scenarios.stream().map(scenario -> "`" + scenario.id() + "`")
        .collect(Collectors.joining(", "))
        + "; the others are left out of the tables, and comparisons that need them read \"not measured\"" + official;
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

  /** secretfn's own log figure of a scenario at 0 / 30 ms, "–" when it logged none. */
  String figure(Map<String, List<Long>> figures, Scenario scenario) {
    List<String> parts = new ArrayList<>();
    for (int latency : ColdStartBenchmark.LATENCIES) {
      Optional<List<Long>> values = Optional.ofNullable(figures.get(key(scenario, latency)));
      parts.add(values.map(v -> Long.toString(Stats.of(v).median())).orElse("–"));
    }
    return parts.get(0).equals("–") && parts.get(1).equals("–") ? "–" : String.join(" / ", parts);
  }

  /** secretfn's "resolved … in N ms" median of a scenario at 0 / 30 ms. */
  String resolvedFigure(Scenario scenario) {
    return figure(resolved, scenario);
  }
}

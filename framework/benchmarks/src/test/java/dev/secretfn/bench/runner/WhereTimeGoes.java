package dev.secretfn.bench.runner;

import dev.secretfn.bench.runner.ColdStartBenchmark.Details;
import dev.secretfn.bench.runner.Scenario.Kind;
import dev.secretfn.bench.runner.Scenario.Runtime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The report's account of where a start-up's time goes, per runtime: what each scenario costs over the empty
 * function without latency (CPU: class loading and initialisation), what the 30 ms latency adds (the network
 * wait the start-up did not overlap), the emulator round trips, and the classes loaded at the first answer by
 * package group beyond the empty function's.
 */
final class WhereTimeGoes {
  /** Package groups listed per runtime: the ones where some scenario loads the most beyond the empty function. */
  static final int TOP_GROUPS = 25;
  private final Report report;

  WhereTimeGoes(Report report) {
    this.report = report;
  }

  void append(StringBuilder out, List<Scenario> scenarios) {
    out.append("### Where the time goes\n\n")
        .append("\"Over empty, 0 ms\": the scenario's median minus the empty function's without latency, the")
        .append(" start-up's own work. \"Added by 30 ms\": its median at 30 ms minus its median at 0 ms, the network")
        .append(" wait it could not overlap (one round trip when every request runs in parallel). Requests and")
        .append(" classes: from the one more start below (0 ms latency).\n\n");
    for (Runtime runtime : Runtime.values()) {
      List<Scenario> own = scenarios.stream()
          .filter(s -> s.runtime() == runtime && s.kind() != Kind.EMPTY && s.kind() != Kind.PLAIN).toList();
      if (own.isEmpty()) {
        continue;
      }
      out.append("#### ").append(runtime.heading()).append("\n\n");
      Optional<Details> empty = report.detailsOf(runtime, Kind.EMPTY);
      List<List<String>> rows = new ArrayList<>();
      for (Scenario scenario : own) {
        Optional<Details> d = report.detailsOf(runtime, scenario.kind());
        rows.add(List.of(scenario.name(),
            millis(report.difference(runtime, scenario.kind(), Kind.EMPTY, 0)),
            millis(added(runtime, scenario.kind())),
            d.map(x -> requests(x.startRequests())).orElse("–"),
            report.resolvedFigure(scenario),
            d.isPresent() && empty.isPresent()
                ? Stats.signed(d.get().classesTotal() - empty.get().classesTotal()) : "–"));
      }
      out.append(Stats.table(List.of("scenario", "over empty, 0 ms", "added by 30 ms", "emulator requests at"
          + " start-up", "secretfn 'resolved … in' 0 / 30 ms", "classes at first answer, over empty"), rows))
          .append('\n');

      List<Scenario> measured = scenarios.stream()
          .filter(s -> s.runtime() == runtime && s.kind() != Kind.PLAIN && report.detailsOf(runtime, s.kind())
              .isPresent()).toList();
      if (measured.stream().anyMatch(s -> s.kind() != Kind.EMPTY)) {
        appendGroups(out, measured);
      }
    }
  }

  private Optional<Long> added(Runtime runtime, Kind kind) {
    Optional<Long> at30 = report.median(runtime, kind, 30);
    Optional<Long> at0 = report.median(runtime, kind, 0);
    return at30.isPresent() && at0.isPresent() ? Optional.of(at30.get() - at0.get()) : Optional.empty();
  }

  private void appendGroups(StringBuilder out, List<Scenario> measured) {
    List<Map<String, Long>> columns = measured.stream()
        .map(s -> report.detailsOf(s.runtime(), s.kind()).orElseThrow().classGroups()).toList();
    Map<String, Long> baseline = measured.stream().filter(s -> s.kind() == Kind.EMPTY).findFirst()
        .map(s -> columns.get(measured.indexOf(s))).orElse(Map.of());
    List<String> groups = topGroups(columns, baseline, TOP_GROUPS);
    out.append("Classes loaded at the first answer by package group (").append(groups.size())
        .append(" groups where a scenario loads the most beyond the empty function; \"(generated)\": hidden classes")
        .append(" spun at run time, by the package of their name):\n\n");
    List<String> header = new ArrayList<>();
    header.add("package group");
    measured.forEach(s -> header.add("`" + s.id() + "`"));
    List<List<String>> rows = new ArrayList<>();
    for (String group : groups) {
      List<String> row = new ArrayList<>();
      row.add("`" + group + "`");
      columns.forEach(column -> row.add(Long.toString(column.getOrDefault(group, 0L))));
      rows.add(row);
    }
    List<String> other = new ArrayList<>();
    other.add("other groups");
    List<String> total = new ArrayList<>();
    total.add("all classes");
    for (Map<String, Long> column : columns) {
      long all = column.values().stream().mapToLong(Long::longValue).sum();
      long listed = groups.stream().mapToLong(group -> column.getOrDefault(group, 0L)).sum();
      other.add(Long.toString(all - listed));
      total.add(Long.toString(all));
    }
    rows.add(other);
    rows.add(total);
    out.append(Stats.table(header, rows)).append('\n');
  }

  /**
   * The {@code limit} groups with the most classes beyond {@code baseline} in any column, most first (ties by
   * name); groups no column loads more of than the baseline are left out.
   */
  static List<String> topGroups(List<Map<String, Long>> columns, Map<String, Long> baseline, int limit) {
    Set<String> all = new LinkedHashSet<>();
    columns.forEach(column -> all.addAll(column.keySet()));
    Map<String, Long> extra = all.stream().collect(Collectors.toMap(group -> group,
        group -> columns.stream().mapToLong(c -> c.getOrDefault(group, 0L)).max().orElse(0)
            - baseline.getOrDefault(group, 0L)));
    return extra.entrySet().stream().filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(limit).map(Map.Entry::getKey).toList();
  }

  /** "8 Cloud KMS + 1 Cloud Storage", or "none". */
  static String requests(Map<String, Integer> byService) {
    return byService.isEmpty() ? "none" : byService.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(" + "));
  }

  private static String millis(Optional<Long> ms) {
    return ms.map(Stats::signed).orElse("–");
  }
}

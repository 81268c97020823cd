package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.bench.runner.ColdStartBenchmark.Details;
import dev.secretfn.bench.runner.ColdStartBenchmark.Start;
import dev.secretfn.bench.runner.Scenario.Kind;
import dev.secretfn.bench.runner.Scenario.Runtime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The targets and where the time goes, as a run's section shows them. */
class ReportTest {
  private static final Path JAR = Path.of("bench-gcf.jar");
  private static final Path OFFICIAL_JAR = Path.of("official-gcf.jar");
  private static final Path MANAGED_JAR = Path.of("official-gcf-managed.jar");

  @Test
  void section_targetsPerRuntime_defaultAndOfficialTransportSideBySide_withStatus() {
    List<Scenario> scenarios = gcf(Kind.EMPTY, Kind.FLOOR, Kind.MEMORY, Kind.ONE, Kind.TEN, Kind.ONE_OFFICIAL,
        Kind.TEN_OFFICIAL, Kind.NAIVE);
    Report report = report(scenarios, Map.of(Kind.EMPTY, 300L, Kind.FLOOR, 340L, Kind.MEMORY, 380L, Kind.ONE, 500L,
        Kind.TEN, 560L, Kind.ONE_OFFICIAL, 1000L, Kind.TEN_OFFICIAL, 1200L, Kind.NAIVE, 1500L));

    String body = report.section(scenarios, scenarios).body();

    assertThat(body)
        .contains("| T1 GCF: 10 secrets vs empty function | ≤ +280 ms (250 ms + 1 round trip) | +260 ms | met"
            + " | +900 ms | **not met** |")
        .contains("| T2 GCF: 10 secrets vs 1 secret | ≤ +15 ms (0.5 round trip) | +60 ms | **not met** | +200 ms"
            + " | **not met** |")
        .contains("| T1 LAMBDA: 10 secrets vs empty function | ≤ +280 ms (250 ms + 1 round trip) | not measured"
            + " | not measured | not measured | not measured |")
        .contains("| GCF: physical floor vs empty function (the JDK's HTTP classes + 1 round trip) | for reference"
            + " | +40 ms | – | – | – |")
        .contains("| GCF: framework overhead vs empty function (secretfn, 10 secrets in memory) | for reference"
            + " | +80 ms | – | – | – |")
        .contains("| GCF: 10 secrets vs physical floor (what secretfn adds over the limit) | for reference"
            + " | +220 ms | – | +860 ms | – |")
        .contains("| GCF: 10 secrets vs naive comparator | for reference | -940 ms | – | -300 ms | – |");
    assertThat(body.indexOf("### Targets")).isLessThan(body.indexOf("### Cold start"));
  }

  @Test
  void section_officialScenariosNotBuilt_saysSoInsteadOfNotMeasured() {
    List<Scenario> scenarios = gcf(Kind.EMPTY, Kind.ONE, Kind.TEN);
    Report report = report(scenarios, Map.of(Kind.EMPTY, 300L, Kind.ONE, 560L, Kind.TEN, 570L));

    String body = report.section(scenarios, scenarios).body();

    assertThat(body)
        .contains("| T2 GCF: 10 secrets vs 1 secret | ≤ +15 ms (0.5 round trip) | +10 ms | met | not built | – |")
        .contains("| scenarios (`-Dbench.scenarios`) | all (the official-client scenarios are not built:"
            + " framework/benchmarks-official) |");
  }

  @Test
  void section_managedStoresJarNotBuilt_saysWhichOfficialScenariosAreMissing() {
    List<Scenario> built = gcf(Kind.EMPTY, Kind.TEN, Kind.TEN_OFFICIAL, Kind.SECRET_MANAGER_TEN,
        Kind.SECRET_MANAGER_TEN_OFFICIAL);
    List<Scenario> withoutManaged = built.subList(0, 4);
    Report report = report(built, Map.of(Kind.EMPTY, 300L, Kind.TEN, 560L, Kind.TEN_OFFICIAL, 1200L,
        Kind.SECRET_MANAGER_TEN, 580L, Kind.SECRET_MANAGER_TEN_OFFICIAL, 1300L));

    assertThat(report.section(withoutManaged, withoutManaged).body())
        .contains("| scenarios (`-Dbench.scenarios`) | all (the managed stores' official-client scenarios are not"
            + " built: framework/benchmarks-official) |");
    assertThat(report.section(built, built).body())
        .contains("| scenarios (`-Dbench.scenarios`) | all |");
    assertThat(built).filteredOn(s -> s.kind() == Kind.SECRET_MANAGER_TEN_OFFICIAL).extracting(Scenario::jar)
        .containsExactly(MANAGED_JAR);
  }

  @Test
  void section_t3_everySampleJarAgainst8Mb_andAMissingOneIsNotMeasured() {
    List<Scenario> scenarios = gcf(Kind.EMPTY);
    Report report = report(scenarios, Map.of(Kind.EMPTY, 300L));
    report.sample("samples-gcf/orders", Optional.of(5_100_000L));
    report.sample("samples-lambda/orders", Optional.of(8_960_000L));
    report.sample("samples-lambda/weather", Optional.empty());

    String body = report.section(scenarios, scenarios).body();

    assertThat(body).contains("| T3 `samples-gcf/orders` | ≤ 8 MB | 5.10 MB | met |")
        .contains("| T3 `samples-lambda/orders` | ≤ 8 MB | 8.96 MB | **not met** |")
        .contains("| T3 `samples-lambda/weather` | ≤ 8 MB | not built | not measured |");
  }

  @Test
  void section_whereTheTimeGoes_perScenario_andClassesByPackageGroupBeyondTheEmptyFunction() {
    List<Scenario> scenarios = gcf(Kind.EMPTY, Kind.FLOOR, Kind.TEN);
    Report report = report(scenarios, Map.of(Kind.EMPTY, 300L, Kind.FLOOR, 340L, Kind.TEN, 560L));
    report.details(scenarios.get(0), details(Map.of("java.lang", 500L, "org.eclipse.jetty", 300L), Map.of()));
    report.details(scenarios.get(1), details(Map.of("java.lang", 510L, "org.eclipse.jetty", 300L, "sun.net", 40L),
        Map.of("Cloud Storage", 1)));
    report.details(scenarios.get(2), details(Map.of("java.lang", 560L, "org.eclipse.jetty", 300L,
        "dev.secretfn.gcp", 30L), Map.of("Cloud KMS", 8)));

    String body = report.section(scenarios, scenarios).body();

    // At 0 ms every scenario here is its 30 ms median minus 30: 30 ms added, all of it network wait.
    assertThat(body)
        .contains("| physical floor: empty + 1 HttpURLConnection call | +40 | +30 | 1 Cloud Storage | – | +50 |")
        .contains("| secretfn, 10 secrets | +260 | +30 | 8 Cloud KMS | – | +90 |")
        .contains("| package group | `gcf-empty` | `gcf-floor` | `gcf-ten` |")
        .contains("| `java.lang` | 500 | 510 | 560 |")
        .contains("| `sun.net` | 0 | 40 | 0 |")
        .contains("| `dev.secretfn.gcp` | 0 | 0 | 30 |")
        .contains("| other groups | 300 | 300 | 300 |")
        .contains("| all classes | 800 | 850 | 890 |")
        .doesNotContain("| `org.eclipse.jetty` |");
  }

  @Test
  void section_ssmBatchedAndSeparate_requestsAtStartUpShowOneCallAgainstTen() {
    List<Scenario> scenarios = new ArrayList<>();
    for (Kind kind : List.of(Kind.EMPTY, Kind.SSM_TEN, Kind.SSM_TEN_SEPARATE)) {
      scenarios.add(new Scenario(Runtime.LAMBDA, kind, kind.name(), Map.of(), JAR));
    }
    Report report = report(scenarios, Map.of(Kind.EMPTY, 300L, Kind.SSM_TEN, 520L, Kind.SSM_TEN_SEPARATE, 560L));
    report.details(scenarios.get(0), details(Map.of("java.lang", 500L), Map.of()));
    report.details(scenarios.get(1), details(Map.of("java.lang", 560L), Map.of("SSM", 1)));
    report.details(scenarios.get(2), details(Map.of("java.lang", 565L), Map.of("SSM", 10)));

    String body = report.section(scenarios, scenarios).body();

    assertThat(body)
        .contains("| secretfn, 10 secrets from SSM Parameter Store, batched | +220 | +30 | 1 SSM | – | +60 |")
        .contains("| secretfn, 10 secrets from SSM Parameter Store, one call each | +260 | +30 | 10 SSM | – | +65 |")
        .contains("| LAMBDA, secretfn, 10 secrets from SSM Parameter Store, batched | 560 |")
        .contains("| package group | `lambda-empty` | `lambda-ssm-ten` | `lambda-ssm-ten-separate` |");
  }

  private static List<Scenario> gcf(Kind... kinds) {
    List<Scenario> scenarios = new ArrayList<>();
    for (Kind kind : kinds) {
      scenarios.add(new Scenario(Runtime.GCF, kind, kind.name(), Map.of(),
          kind == Kind.ONE_OFFICIAL || kind == Kind.TEN_OFFICIAL ? OFFICIAL_JAR
              : kind == Kind.SECRET_MANAGER_TEN_OFFICIAL ? MANAGED_JAR : JAR));
    }
    return scenarios;
  }

  /** Three starts per scenario and latency around {@code medianAt30}; at 0 ms, 30 ms less. */
  private static Report report(List<Scenario> scenarios, Map<Kind, Long> medianAt30) {
    Report report = new Report(3, 10, Path.of("."), new Variant(List.of(), Archive.NONE));
    for (Scenario scenario : scenarios) {
      long median = medianAt30.get(scenario.kind());
      for (long delta : List.of(-5L, 0L, 7L)) {
        report.add(scenario, 30, new Start(median + delta, Optional.empty(), Optional.empty(), ""));
        report.add(scenario, 0, new Start(median - 30 + delta, Optional.empty(), Optional.empty(), ""));
      }
    }
    return report;
  }

  private static Details details(Map<String, Long> groups, Map<String, Integer> startRequests) {
    long total = groups.values().stream().mapToLong(Long::longValue).sum();
    return new Details(total, ClassLoadLog.byOrigin(List.of()), groups, -1, startRequests, 0, 10);
  }
}

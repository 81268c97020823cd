package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.bench.runner.Scenario.Kind;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code -Dbench.scenarios}, {@code -Dbench.jvmOptions} and {@code -Dbench.jdk} as the runner reads them. */
class ScenarioSwitchesTest {
  private static final Path GCF = Path.of("secretfn-gcf.jar");
  private static final Path LAMBDA = Path.of("secretfn-lambda.jar");
  private static final Path NAIVE_GCF = Path.of("naive-gcf.jar");
  private static final Path NAIVE_LAMBDA = Path.of("naive-lambda.jar");
  private static final Path OFFICIAL_GCF = Path.of("official-gcf.jar");
  private static final Path OFFICIAL_LAMBDA = Path.of("official-lambda.jar");
  private static final Path MANAGED_GCF = Path.of("official-gcf-managed.jar");
  private static final Path MANAGED_LAMBDA = Path.of("official-lambda-managed.jar");

  @Test
  void scenarios_withoutOfficialJars_rotationHasFloorAndOverhead_andTheNaiveComparatorOnItsOwnJar()
      throws Exception {
    List<Scenario> all = all();

    assertThat(all).extracting(Scenario::id).containsExactly("gcf-empty", "gcf-plain", "gcf-floor", "gcf-memory",
        "gcf-one", "gcf-ten", "gcf-sm-ten", "gcf-naive", "lambda-empty", "lambda-plain", "lambda-floor",
        "lambda-memory", "lambda-one", "lambda-ten", "lambda-ssm-ten", "lambda-ssm-ten-separate", "lambda-naive");
    assertThat(all).filteredOn(s -> s.id().endsWith("-naive")).extracting(Scenario::jar)
        .containsExactly(NAIVE_GCF, NAIVE_LAMBDA);
    assertThat(all).filteredOn(s -> !s.id().endsWith("-naive")).extracting(Scenario::jar)
        .containsOnly(GCF, LAMBDA);
  }

  @Test
  void scenarios_withOfficialJars_addTheOfficialClientScenariosOnTheirJars_withTheSameReferences()
      throws Exception {
    List<Scenario> all = allBuilt();

    assertThat(all).extracting(Scenario::id).containsSubsequence("gcf-ten", "gcf-one-official", "gcf-ten-official",
        "gcf-sm-ten", "gcf-sm-ten-official", "gcf-naive", "lambda-ten", "lambda-one-official", "lambda-ten-official",
        "lambda-ssm-ten", "lambda-ssm-ten-separate", "lambda-ssm-ten-official", "lambda-naive");
    assertThat(all).filteredOn(s -> s.id().endsWith("-official")).extracting(Scenario::jar)
        .containsExactly(OFFICIAL_GCF, OFFICIAL_GCF, MANAGED_GCF, OFFICIAL_LAMBDA, OFFICIAL_LAMBDA, MANAGED_LAMBDA);
    Scenario ten = all.stream().filter(s -> s.id().equals("gcf-ten")).findFirst().orElseThrow();
    Scenario tenOfficial = all.stream().filter(s -> s.id().equals("gcf-ten-official")).findFirst().orElseThrow();
    assertThat(tenOfficial.env()).isEqualTo(ten.env());
    assertThat(tenOfficial.target()).isEqualTo("dev.secretfn.bench.official.gcf.TenSecretsFunction");
    assertThat(tenOfficial.kind()).isEqualTo(Kind.TEN_OFFICIAL);
  }

  @Test
  void scenarios_ssmBatchedAndSeparate_sameParametersAndJar_differentFunctions() throws Exception {
    List<Scenario> all = all();

    Scenario batched = all.stream().filter(s -> s.id().equals("lambda-ssm-ten")).findFirst().orElseThrow();
    Scenario separate = all.stream().filter(s -> s.id().equals("lambda-ssm-ten-separate")).findFirst().orElseThrow();
    assertThat(separate.env()).isEqualTo(batched.env());
    assertThat(separate.jar()).isEqualTo(batched.jar()).isEqualTo(LAMBDA);
    assertThat(batched.target()).isEqualTo("dev.secretfn.bench.lambda.SsmTenSecretsFunction");
    assertThat(separate.target()).isEqualTo("dev.secretfn.bench.lambda.SeparateSsmTenSecretsFunction");
    Scenario secretManager = all.stream().filter(s -> s.id().equals("gcf-sm-ten")).findFirst().orElseThrow();
    assertThat(secretManager.jar()).isEqualTo(GCF);
    assertThat(secretManager.target()).isEqualTo("dev.secretfn.bench.gcf.SecretManagerTenSecretsFunction");
  }

  @Test
  void scenarios_managedStoresOfficial_sameParametersAsTheLeanOnes_onTheManagedJars() throws Exception {
    List<Scenario> all = allBuilt();

    Scenario ssm = all.stream().filter(s -> s.id().equals("lambda-ssm-ten")).findFirst().orElseThrow();
    Scenario ssmOfficial = all.stream().filter(s -> s.id().equals("lambda-ssm-ten-official")).findFirst()
        .orElseThrow();
    assertThat(ssmOfficial.env()).isEqualTo(ssm.env());
    assertThat(ssmOfficial.jar()).isEqualTo(MANAGED_LAMBDA);
    assertThat(ssmOfficial.target()).isEqualTo("dev.secretfn.bench.official.lambda.SsmTenSecretsFunction");
    assertThat(ssmOfficial.kind()).isEqualTo(Kind.SSM_TEN_OFFICIAL);
    Scenario sm = all.stream().filter(s -> s.id().equals("gcf-sm-ten")).findFirst().orElseThrow();
    Scenario smOfficial = all.stream().filter(s -> s.id().equals("gcf-sm-ten-official")).findFirst().orElseThrow();
    assertThat(smOfficial.env()).isEqualTo(sm.env());
    assertThat(smOfficial.jar()).isEqualTo(MANAGED_GCF);
    assertThat(smOfficial.target()).isEqualTo("dev.secretfn.bench.official.gcf.SecretManagerTenSecretsFunction");
    assertThat(smOfficial.kind()).isEqualTo(Kind.SECRET_MANAGER_TEN_OFFICIAL);
  }

  @Test
  void scenarios_withoutTheManagedJars_leaveOutTheManagedStoresOfficialScenarios_andSelectSaysWhichModule()
      throws Exception {
    List<Scenario> all = all(Optional.of(OFFICIAL_GCF), Optional.of(OFFICIAL_LAMBDA), Optional.empty(),
        Optional.empty());

    assertThat(all).extracting(Scenario::id).contains("gcf-one-official", "gcf-ten-official",
        "lambda-one-official", "lambda-ten-official").doesNotContain("gcf-sm-ten-official", "lambda-ssm-ten-official");
    assertThat(all).filteredOn(s -> s.id().endsWith("-official")).extracting(Scenario::jar)
        .containsOnly(OFFICIAL_GCF, OFFICIAL_LAMBDA);
    assertThatThrownBy(() -> Scenario.select(all, "lambda-ssm-ten-official"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[lambda-ssm-ten-official]")
        .hasMessageContaining("framework/benchmarks-official");
  }

  @Test
  void scenarios_withOnlyTheManagedJars_haveOnlyTheManagedStoresOfficialScenarios() throws Exception {
    List<Scenario> all = all(Optional.empty(), Optional.empty(), Optional.of(MANAGED_GCF),
        Optional.of(MANAGED_LAMBDA));

    assertThat(all).filteredOn(s -> s.id().endsWith("-official")).extracting(Scenario::id)
        .containsExactly("gcf-sm-ten-official", "lambda-ssm-ten-official");
    assertThat(all).filteredOn(s -> s.id().endsWith("-official")).extracting(Scenario::jar)
        .containsExactly(MANAGED_GCF, MANAGED_LAMBDA);
  }

  @Test
  void select_blank_keepsAll_andAListKeepsRotationOrder() throws Exception {
    List<Scenario> all = all();

    assertThat(Scenario.select(all, " ")).isEqualTo(all);
    assertThat(Scenario.select(all, "lambda-naive, gcf-floor,gcf-empty")).extracting(Scenario::id)
        .containsExactly("gcf-empty", "gcf-floor", "lambda-naive");
  }

  @Test
  void select_anUnknownId_failsListingTheKnownOnes() throws Exception {
    List<Scenario> all = all();

    assertThatThrownBy(() -> Scenario.select(all, "gcf-empty,gcf-tenn"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[gcf-tenn]")
        .hasMessageContaining("gcf-ten,gcf-sm-ten,gcf-naive")
        .hasMessageNotContaining("benchmarks-official");
  }

  @Test
  void select_anOfficialIdWithoutItsJar_saysWhichModuleBuildsIt() throws Exception {
    List<Scenario> all = all();

    assertThatThrownBy(() -> Scenario.select(all, "gcf-ten-official"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("framework/benchmarks-official");
    assertThatThrownBy(() -> Scenario.select(all, "gcf-sm-ten-official,lambda-ssm-ten-official"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("framework/benchmarks-official");
  }

  @Test
  void jvmOptions_splitOnWhitespace_blankIsNone() {
    assertThat(ColdStartBenchmark.jvmOptions("")).isEmpty();
    assertThat(ColdStartBenchmark.jvmOptions("  -XX:TieredStopAtLevel=1 \t -Xshare:auto "))
        .containsExactly("-XX:TieredStopAtLevel=1", "-Xshare:auto");
  }

  @Test
  void checkJdk_blankOrTheRunningJdk_passes_anotherOrNoJdk_fails() throws Exception {
    ColdStartBenchmark.checkJdk("");
    ColdStartBenchmark.checkJdk(System.getProperty("java.home"));

    assertThatThrownBy(() -> ColdStartBenchmark.checkJdk("/no/such/jdk"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bin/java");
  }

  /** Every jar built, framework/benchmarks-official's four included. */
  private static List<Scenario> allBuilt() throws Exception {
    return all(Optional.of(OFFICIAL_GCF), Optional.of(OFFICIAL_LAMBDA), Optional.of(MANAGED_GCF),
        Optional.of(MANAGED_LAMBDA));
  }

  /** framework/benchmarks-official not built. */
  private static List<Scenario> all() throws Exception {
    return all(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static List<Scenario> all(Optional<Path> officialGcf, Optional<Path> officialLambda,
      Optional<Path> managedGcf, Optional<Path> managedLambda) throws Exception {
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start();
        GrpcKmsEmulator grpcKms = GrpcKmsEmulator.start(gcpKms);
        SecretManagerEmulator secretManager = SecretManagerEmulator.start();
        SsmEmulator ssm = SsmEmulator.start()) {
      return Scenario.all(new Deployments(gcpKms, grpcKms, gcs, secretManager, awsKms, s3, ssm),
          new Scenario.Jars(GCF, LAMBDA, NAIVE_GCF, NAIVE_LAMBDA, officialGcf, officialLambda, managedGcf,
              managedLambda));
    }
  }
}

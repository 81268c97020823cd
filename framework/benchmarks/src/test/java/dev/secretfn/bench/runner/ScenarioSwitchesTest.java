package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.bench.runner.ColdStartBenchmark.Scenario;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code -Dbench.scenarios} and {@code -Dbench.jvmOptions} as the runner reads them. */
class ScenarioSwitchesTest {
  private static final Path GCF = Path.of("secretfn-gcf.jar");
  private static final Path LAMBDA = Path.of("secretfn-lambda.jar");
  private static final Path NAIVE_GCF = Path.of("naive-gcf.jar");
  private static final Path NAIVE_LAMBDA = Path.of("naive-lambda.jar");

  @Test
  void scenarios_rotationHasTheNaiveComparatorOnItsOwnJar() throws Exception {
    List<Scenario> all = all();

    assertThat(all).extracting(Scenario::id).containsExactly("gcf-empty", "gcf-plain", "gcf-one", "gcf-ten",
        "gcf-naive", "lambda-empty", "lambda-plain", "lambda-one", "lambda-ten", "lambda-naive");
    assertThat(all).filteredOn(s -> s.id().endsWith("-naive")).extracting(Scenario::jar)
        .containsExactly(NAIVE_GCF, NAIVE_LAMBDA);
    assertThat(all).filteredOn(s -> !s.id().endsWith("-naive")).extracting(Scenario::jar)
        .containsOnly(GCF, LAMBDA);
  }

  @Test
  void select_blank_keepsAll_andAListKeepsRotationOrder() throws Exception {
    List<Scenario> all = all();

    assertThat(ColdStartBenchmark.select(all, " ")).isEqualTo(all);
    assertThat(ColdStartBenchmark.select(all, "lambda-naive, gcf-empty")).extracting(Scenario::id)
        .containsExactly("gcf-empty", "lambda-naive");
  }

  @Test
  void select_anUnknownId_failsListingTheKnownOnes() throws Exception {
    List<Scenario> all = all();

    assertThatThrownBy(() -> ColdStartBenchmark.select(all, "gcf-empty,gcf-tenn"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[gcf-tenn]")
        .hasMessageContaining("gcf-ten,gcf-naive");
  }

  @Test
  void jvmOptions_splitOnWhitespace_blankIsNone() {
    assertThat(ColdStartBenchmark.jvmOptions("")).isEmpty();
    assertThat(ColdStartBenchmark.jvmOptions("  -XX:TieredStopAtLevel=1 \t -Xshare:auto "))
        .containsExactly("-XX:TieredStopAtLevel=1", "-Xshare:auto");
  }

  private static List<Scenario> all() throws Exception {
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start();
        GrpcKmsEmulator grpcKms = GrpcKmsEmulator.start(gcpKms)) {
      return ColdStartBenchmark.scenarios(new Deployments(gcpKms, grpcKms, gcs, awsKms, s3), GCF, LAMBDA, NAIVE_GCF,
          NAIVE_LAMBDA);
    }
  }
}

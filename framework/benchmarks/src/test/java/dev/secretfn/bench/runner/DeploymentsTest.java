package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentsTest {
  @Test
  void secretfnScenariosCarryOnlyReferencesAndCiphertexts() {
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start()) {
      Deployments d = new Deployments(gcpKms, gcs, awsKms, s3);
      assertThat(d.plaintexts).hasSize(10);

      for (Map<String, String> env : List.of(d.gcfEmpty, d.gcfOne, d.gcfTen, d.lambdaEmpty, d.lambdaOne,
          d.lambdaTen)) {
        for (String value : env.values()) {
          for (String plaintext : d.plaintexts) {
            assertThat(value).doesNotContain(plaintext);
          }
        }
      }
      assertThat(d.gcfOne).containsKey("S1").hasSize(d.gcfCommon.size() + 1);
      assertThat(d.gcfOne.get("S1")).startsWith("gcp-kms://" + Deployments.GCP_KEY + "?ciphertext=");
      assertThat(d.lambdaOne.get("S1")).startsWith("aws-kms://").contains("?ciphertext=");
      assertThat(d.gcfTen).hasSize(d.gcfCommon.size() + 10);
      assertThat(d.lambdaTen).hasSize(d.lambdaCommon.size() + 10);
      for (int i = 1; i <= Deployments.KMS_SECRETS; i++) {
        assertThat(d.gcfTen.get("S" + i)).startsWith("gcp-kms://");
        assertThat(d.lambdaTen.get("S" + i)).startsWith("aws-kms://");
      }
      assertThat(d.gcfTen).containsEntry("DB_USER", "gs://secretfn-bench/db.json#username")
          .containsEntry("DB_PASS", "gs://secretfn-bench/db.json#password");
      assertThat(d.lambdaTen).containsEntry("DB_USER", "s3://secretfn-bench/db.json#username")
          .containsEntry("DB_PASS", "s3://secretfn-bench/db.json#password");
      // The emulator settings are the only other variables, and every scenario of a runtime has the same ones.
      assertThat(d.gcfCommon).containsOnlyKeys("SECRETFN_KMS_EMULATOR_HOST", "SECRETFN_STORAGE_EMULATOR_HOST");
      assertThat(d.lambdaCommon).containsOnlyKeys("SECRETFN_AWS_KMS_EMULATOR_HOST", "SECRETFN_S3_EMULATOR_HOST");
    }
  }

  @Test
  void thePlainScenarioIsTheBaselineThatHoldsPlaintext() {
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start()) {
      Deployments d = new Deployments(gcpKms, gcs, awsKms, s3);
      assertThat(d.gcfPlain).containsEntry("DB_USER", Deployments.DB_USER)
          .containsEntry("DB_PASS", Deployments.DB_PASS);
      assertThat(d.lambdaPlain).containsEntry("DB_USER", Deployments.DB_USER)
          .containsEntry("DB_PASS", Deployments.DB_PASS);
    }
  }
}

package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentsTest {
  @Test
  void secretfnScenariosCarryOnlyReferencesAndCiphertexts() throws Exception {
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start();
        GrpcKmsEmulator grpcKms = GrpcKmsEmulator.start(gcpKms);
        SecretManagerEmulator secretManager = SecretManagerEmulator.start();
        SsmEmulator ssm = SsmEmulator.start()) {
      Deployments d = new Deployments(gcpKms, grpcKms, gcs, secretManager, awsKms, s3, ssm);
      assertThat(d.plaintexts).hasSize(10);

      for (Map<String, String> env : List.of(d.gcfEmpty, d.gcfFloor, d.gcfMemory, d.gcfOne, d.gcfTen,
          d.gcfSecretManagerTen, d.gcfNaive, d.lambdaEmpty, d.lambdaFloor, d.lambdaMemory, d.lambdaOne, d.lambdaTen,
          d.lambdaSsmTen, d.lambdaNaive)) {
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
      assertThat(d.gcfCommon).containsOnlyKeys("SECRETFN_GCP_KMS_EMULATOR_HOST", "SECRETFN_GCP_STORAGE_EMULATOR_HOST",
          "SECRETFN_GCP_SECRETMANAGER_EMULATOR_HOST");
      assertThat(d.lambdaCommon).containsOnlyKeys("SECRETFN_AWS_KMS_EMULATOR_HOST", "SECRETFN_AWS_S3_EMULATOR_HOST",
          "SECRETFN_AWS_SSM_EMULATOR_HOST");
    }
  }

  @Test
  void theFloorGetsOneObjectUrl_andTheOverheadScenarioTheTenVariablesAsMemoryReferences() throws Exception {
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start();
        GrpcKmsEmulator grpcKms = GrpcKmsEmulator.start(gcpKms);
        SecretManagerEmulator secretManager = SecretManagerEmulator.start();
        SsmEmulator ssm = SsmEmulator.start()) {
      Deployments d = new Deployments(gcpKms, grpcKms, gcs, secretManager, awsKms, s3, ssm);

      assertThat(d.gcfFloor).containsEntry("BENCH_FLOOR_URL",
          gcs.endpoint() + "/download/storage/v1/b/secretfn-bench/o/db.json?alt=media").hasSize(d.gcfCommon.size() + 1);
      assertThat(d.lambdaFloor).containsEntry("BENCH_FLOOR_URL", s3.endpoint() + "/secretfn-bench/db.json")
          .hasSize(d.lambdaCommon.size() + 1);
      for (Map<String, String> memory : List.of(d.gcfMemory, d.lambdaMemory)) {
        assertThat(memory).containsEntry("S1", "mem://s1").containsEntry("S8", "mem://s8")
            .containsEntry("DB_USER", "mem://db.json#username").containsEntry("DB_PASS", "mem://db.json#password");
      }
      assertThat(d.gcfMemory.keySet()).isEqualTo(d.gcfTen.keySet());
      assertThat(d.lambdaMemory.keySet()).isEqualTo(d.lambdaTen.keySet());
    }
  }

  @Test
  void managedStoreScenarios_tenVariables_eachAPinnedEntryOfItsOwnHoldingItsPlaintext() throws Exception {
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start();
        GrpcKmsEmulator grpcKms = GrpcKmsEmulator.start(gcpKms);
        SecretManagerEmulator secretManager = SecretManagerEmulator.start();
        SsmEmulator ssm = SsmEmulator.start()) {
      Deployments d = new Deployments(gcpKms, grpcKms, gcs, secretManager, awsKms, s3, ssm);

      assertThat(d.gcfSecretManagerTen.keySet()).isEqualTo(d.gcfTen.keySet());
      assertThat(d.lambdaSsmTen.keySet()).isEqualTo(d.lambdaTen.keySet());
      assertThat(d.gcfSecretManagerTen)
          .containsEntry("S1", "gcp-sm://projects/secretfn-bench/secrets/s1/versions/1")
          .containsEntry("DB_PASS", "gcp-sm://projects/secretfn-bench/secrets/db-pass/versions/1");
      assertThat(d.lambdaSsmTen)
          .containsEntry("S8", "ssm:///secretfn-bench/s8?version=1")
          .containsEntry("DB_USER", "ssm:///secretfn-bench/db-user?version=1");
      // Ten distinct entries: the batched scenario's one call against the separate one's ten.
      assertThat(d.lambdaSsmTen.values().stream().filter(v -> v.startsWith("ssm://")).distinct()).hasSize(10);
      assertThat(d.gcfSecretManagerTen.values().stream().filter(v -> v.startsWith("gcp-sm://")).distinct())
          .hasSize(10);
    }
  }

  @Test
  void theNaiveScenariosHoldTheSeedsBareCiphertexts() throws Exception {
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start();
        GrpcKmsEmulator grpcKms = GrpcKmsEmulator.start(gcpKms);
        SecretManagerEmulator secretManager = SecretManagerEmulator.start();
        SsmEmulator ssm = SsmEmulator.start()) {
      Deployments d = new Deployments(gcpKms, grpcKms, gcs, secretManager, awsKms, s3, ssm);

      assertThat(d.gcfNaive).containsEntry("KMS_CRYPTO_KEY_ID", Deployments.GCP_KEY)
          .containsEntry("KMS_GRPC_EMULATOR_HOST", grpcKms.hostAndPort());
      for (int i = 1; i <= Deployments.KMS_SECRETS; i++) {
        String plaintext = Deployments.plaintext(i);
        byte[] gcp = Base64.getDecoder().decode(d.gcfNaive.get("S" + i));
        assertThat(gcpKms.decrypt(Deployments.GCP_KEY, gcp, new byte[0])).asString().isEqualTo(plaintext);
        assertThat(Base64.getDecoder().decode(d.lambdaNaive.get("S" + i))).isNotEmpty();
      }
      assertThat(d.lambdaNaive).containsKeys("AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID")
          .containsEntry("SECRETS_BUCKET", Deployments.BUCKET).containsEntry("SECRETS_OBJECT", Deployments.OBJECT);
    }
  }

  @Test
  void thePlainScenarioIsTheBaselineThatHoldsPlaintext() throws Exception {
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start();
        GrpcKmsEmulator grpcKms = GrpcKmsEmulator.start(gcpKms);
        SecretManagerEmulator secretManager = SecretManagerEmulator.start();
        SsmEmulator ssm = SsmEmulator.start()) {
      Deployments d = new Deployments(gcpKms, grpcKms, gcs, secretManager, awsKms, s3, ssm);
      assertThat(d.gcfPlain).containsEntry("DB_USER", Deployments.DB_USER)
          .containsEntry("DB_PASS", Deployments.DB_PASS);
      assertThat(d.lambdaPlain).containsEntry("DB_USER", Deployments.DB_USER)
          .containsEntry("DB_PASS", Deployments.DB_PASS);
    }
  }
}

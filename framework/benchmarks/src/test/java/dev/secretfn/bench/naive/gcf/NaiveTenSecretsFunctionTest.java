package dev.secretfn.bench.naive.gcf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.bench.runner.GrpcKmsEmulator;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The naive GCF function in-process, on its default gRPC Cloud KMS client and HTTP Cloud Storage client. */
class NaiveTenSecretsFunctionTest {
  private static final String KEY = "projects/p/locations/global/keyRings/r/cryptoKeys/k";

  @Test
  void construct_decryptsEightVariablesOneByOneThenReadsTheJsonObject() throws Exception {
    try (CloudKmsEmulator kms = CloudKmsEmulator.start();
        GrpcKmsEmulator grpc = GrpcKmsEmulator.start(kms);
        CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      Map<String, String> env = environment(kms, grpc, gcs);

      NaiveTenSecretsFunction function = new NaiveTenSecretsFunction(env);

      // 8 × "value-N" (7 characters) + "user" + "password".
      assertThat(function.length()).isEqualTo(8 * 7 + 4 + 8);
      assertThat(grpc.requests()).isEqualTo(8);
      assertThat(kms.requests()).isEmpty();
      assertThat(gcs.requests()).hasSize(1);
    }
  }

  @Test
  void construct_withoutAVariable_failsNamingIt() throws Exception {
    try (CloudKmsEmulator kms = CloudKmsEmulator.start();
        GrpcKmsEmulator grpc = GrpcKmsEmulator.start(kms);
        CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      Map<String, String> env = environment(kms, grpc, gcs);
      env.remove("S5");

      assertThatThrownBy(() -> new NaiveTenSecretsFunction(env)).hasMessageContaining("S5 is not set");
      assertThat(grpc.requests()).isEqualTo(4);
    }
  }

  private static Map<String, String> environment(CloudKmsEmulator kms, GrpcKmsEmulator grpc,
      CloudStorageEmulator gcs) {
    kms.createKey(KEY);
    gcs.putObject("bucket", "db.json", "{\"username\":\"user\",\"password\":\"password\"}".getBytes(UTF_8));
    Map<String, String> env = new HashMap<>();
    env.put("KMS_CRYPTO_KEY_ID", KEY);
    for (int i = 1; i <= 8; i++) {
      env.put("S" + i, Base64.getEncoder().encodeToString(kms.encrypt(KEY, ("value-" + i).getBytes(UTF_8),
          new byte[0])));
    }
    env.put("SECRETS_BUCKET", "bucket");
    env.put("SECRETS_OBJECT", "db.json");
    env.put(NaiveTenSecretsFunction.KMS_EMULATOR, grpc.hostAndPort());
    env.put(NaiveTenSecretsFunction.STORAGE_EMULATOR, gcs.endpoint().substring("http://".length()));
    return env;
  }
}

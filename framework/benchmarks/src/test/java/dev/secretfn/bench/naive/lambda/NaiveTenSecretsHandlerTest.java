package dev.secretfn.bench.naive.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The naive Lambda handler in-process, on the SDK's default clients (region and credentials from the variables
 * this module's surefire sets, as Lambda sets them; on this class path the default HTTP client is the
 * url-connection one, in the deployment jar Apache 5).
 */
class NaiveTenSecretsHandlerTest {
  @Test
  void construct_decryptsEightVariablesWithTheConsoleContextThenReadsTheJsonObject() {
    try (AwsKmsEmulator kms = AwsKmsEmulator.start(); S3Emulator s3 = S3Emulator.start()) {
      String key = kms.createKey();
      s3.putObject("bucket", "db.json", "{\"username\":\"user\",\"password\":\"password\"}".getBytes(UTF_8));
      Map<String, String> env = new HashMap<>();
      env.put("AWS_LAMBDA_FUNCTION_NAME", "naive");
      for (int i = 1; i <= 8; i++) {
        env.put("S" + i, Base64.getEncoder().encodeToString(kms.encrypt(key, ("value-" + i).getBytes(UTF_8),
            Map.of("LambdaFunctionName", "naive"))));
      }
      env.put("SECRETS_BUCKET", "bucket");
      env.put("SECRETS_OBJECT", "db.json");
      env.put("AWS_ENDPOINT_URL_KMS", kms.endpoint());
      env.put("AWS_ENDPOINT_URL_S3", s3.endpoint());

      NaiveTenSecretsHandler handler = new NaiveTenSecretsHandler(env);

      assertThat(handler.length()).isEqualTo(8 * 7 + 4 + 8);
      assertThat(kms.requests()).hasSize(8);
      assertThat(s3.requests()).hasSize(1);
      assertThat(s3.requests().get(0).path()).isEqualTo("/bucket/db.json");
    }
  }
}

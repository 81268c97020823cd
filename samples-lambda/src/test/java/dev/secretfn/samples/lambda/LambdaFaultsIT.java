package dev.secretfn.samples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.UpstreamStub;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.ReportedError;
import dev.secretfn.testing.aws.S3Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Representative faults of the fault matrix (AwsFaultMatrixTest) end to end, on the real runtime interface
 * client: a failed start-up reports {@code /init/error} with the aggregated message and the runtime exits; a
 * transient fault is absorbed during INIT. Fresh emulators per test, so that knobs never leak between tests.
 */
class LambdaFaultsIT {
  private static final String API_HANDLER = ApiGatewayFunction.class.getName();
  private static final String STREAM_HANDLER = OrdersStreamFunction.class.getName();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String BUCKET = "secretfn-demo-secrets";
  private static final String CREDENTIALS = "orders/credentials.json";
  private static final String DB_USER = "orders-app";
  private static final String DB_PASS = "canary-db-pass-" + UUID.randomUUID();
  private static final String API_KEY = "canary-api-key-" + UUID.randomUUID();
  private static final String API_EVENT =
      "{\"resource\":\"/weather\",\"path\":\"/weather\",\"httpMethod\":\"GET\","
          + "\"queryStringParameters\":{\"city\":\"Bern\"},\"headers\":{\"Accept\":\"application/json\"}}";

  private AwsKmsEmulator kms;
  private S3Emulator s3;
  private UpstreamStub upstream;
  private String keyArn;
  private Path functionJar;

  @BeforeEach
  void startEmulators() throws IOException {
    kms = AwsKmsEmulator.start();
    s3 = S3Emulator.start();
    upstream = UpstreamStub.start(DB_USER, DB_PASS, API_KEY);
    keyArn = kms.createKey();
    s3.putObject(BUCKET, CREDENTIALS, ("{\"username\":\"" + DB_USER + "\",\"password\":\"" + DB_PASS + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      functionJar = files.filter(p -> p.toString().endsWith("-function.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no *-function.jar: run after 'package' (./mvnw verify)"));
    }
  }

  @AfterEach
  void stopEmulators() {
    kms.close();
    s3.close();
    upstream.close();
  }

  @Test
  void ordersStreamFunction_objectDenied_reportsInitErrorNamingBothVariablesAndThePermission() throws Exception {
    s3.knobs().deny(BUCKET + "/" + CREDENTIALS);
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "faults-denied", STREAM_HANDLER, streamEnvironment(lambda), functionJar)) {
      ReportedError error = lambda.awaitInitError(WAIT)
          .orElseThrow(() -> new AssertionError("no init error:\n" + function.output()));

      assertThat(error.errorType()).hasValue("dev.secretfn.SecretResolutionException");
      assertThat(error.errorMessage()).get().asString()
          .contains("secretfn could not resolve 2 of 2 secrets")
          .contains("DB_PASS = s3://" + BUCKET + "/" + CREDENTIALS + "#password: FETCH failed: S3 answered 403"
              + " AccessDenied for s3://" + BUCKET + "/" + CREDENTIALS)
          .contains("DB_USER = s3://" + BUCKET + "/" + CREDENTIALS + "#username: FETCH failed")
          .contains("Fix: allow s3:GetObject")
          .doesNotContain(DB_PASS);
      assertThat(function.awaitExit(30_000)).isNotZero();
      assertThat(objectReads()).as("one read for both fields, not retried").isEqualTo(1);
      assertThat(function.output()).doesNotContain(DB_PASS);
    }
  }

  @Test
  void apiGatewayFunction_kmsSlowerThanTheDeadline_reportsInitErrorAtTheDeadline() throws Exception {
    kms.knobs().latency(Duration.ofSeconds(30));
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "faults-slow", API_HANDLER, apiEnvironment(lambda), functionJar)) {
      ReportedError error = lambda.awaitInitError(WAIT)
          .orElseThrow(() -> new AssertionError("no init error:\n" + function.output()));

      String message = error.errorMessage().orElseThrow();
      assertThat(message)
          .contains("secretfn could not resolve 1 of 1 secret")
          .contains("API_KEY = aws-kms://?ciphertext=<ciphertext,")
          .contains("FETCH failed: did not finish within the 8000 ms start-up deadline (attempt 1")
          .contains("Fix: check that the function can reach the service")
          .doesNotContain(API_KEY);
      // Inside Lambda's 10 s INIT limit, with the resolver's 500 ms grace for stragglers at most.
      assertThat(resolutionMillis(message)).as(message).isBetween(8_000L, 8_700L);
      assertThat(function.awaitExit(30_000)).isNotZero();
    }
  }

  @Test
  void apiGatewayFunction_throttledThenServed_retriedDuringInitAndAnswers() throws Exception {
    kms.knobs().failNext(3, 429);
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "faults-throttled", API_HANDLER, apiEnvironment(lambda), functionJar)) {
      Invocation answer = lambda.invoke(API_EVENT, WAIT);

      assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(answer.body()).contains("\"statusCode\":200");
      assertThat(decrypts()).as("3 throttled attempts, then the one that succeeded").isEqualTo(4);
      assertThat(function.output()).doesNotContain(API_KEY);
    }
  }

  private Map<String, String> apiEnvironment(LambdaRuntimeEmulator lambda) {
    Map<String, String> env = common(lambda, API_HANDLER);
    env.put("API_KEY", Base64.getEncoder().encodeToString(kms.encrypt(keyArn, API_KEY.getBytes(StandardCharsets.UTF_8),
        Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME))));
    return env;
  }

  private Map<String, String> streamEnvironment(LambdaRuntimeEmulator lambda) {
    Map<String, String> env = common(lambda, STREAM_HANDLER);
    env.put("DB_USER", "s3://" + BUCKET + "/" + CREDENTIALS + "#username");
    env.put("DB_PASS", "s3://" + BUCKET + "/" + CREDENTIALS + "#password");
    return env;
  }

  private Map<String, String> common(LambdaRuntimeEmulator lambda, String handler) {
    Map<String, String> env = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler));
    env.put("SECRETFN_AWS_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
    env.put("SECRETFN_S3_EMULATOR_HOST", s3.endpoint().substring("http://".length()));
    env.put("UPSTREAM_URL", upstream.url().toString());
    return env;
  }

  /** The "(after N ms)" of the failure message. */
  private static long resolutionMillis(String message) {
    String rest = message.substring(message.indexOf("(after ") + "(after ".length());
    return Long.parseLong(rest.substring(0, rest.indexOf(" ms")));
  }

  private long decrypts() {
    return kms.requests().stream()
        .filter(r -> r.header("X-Amz-Target").map("TrentService.Decrypt"::equals).orElse(false)).count();
  }

  private long objectReads() {
    return s3.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith("/" + BUCKET + "/orders/")).count();
  }
}

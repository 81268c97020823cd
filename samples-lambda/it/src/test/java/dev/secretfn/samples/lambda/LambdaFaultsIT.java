package dev.secretfn.samples.lambda;

import static dev.secretfn.samples.lambda.LambdaDemo.API_EVENT;
import static dev.secretfn.samples.lambda.LambdaDemo.API_HANDLER;
import static dev.secretfn.samples.lambda.LambdaDemo.BUCKET;
import static dev.secretfn.samples.lambda.LambdaDemo.CREDENTIALS;
import static dev.secretfn.samples.lambda.LambdaDemo.STREAM_HANDLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.ReportedError;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Representative faults of the fault matrix (AwsFaultMatrixTest) end to end, on the real runtime interface
 * client: a failed start-up reports {@code /init/error} with the aggregated message and the runtime exits; a
 * transient fault is absorbed during INIT. Fresh emulators per test, so that knobs never leak between tests.
 */
class LambdaFaultsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private LambdaDemo demo;

  @BeforeEach
  void startEmulators() throws IOException {
    demo = LambdaDemo.start();
  }

  @AfterEach
  void stopEmulators() {
    demo.close();
  }

  @Test
  void ordersStreamFunction_objectDenied_reportsInitErrorNamingBothVariablesAndThePermission() throws Exception {
    demo.s3.knobs().deny(BUCKET + "/" + CREDENTIALS);
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "faults-denied", STREAM_HANDLER, demo.streamEnvironment(lambda), LambdaDemo.jar("orders"))) {
      ReportedError error = lambda.awaitInitError(WAIT)
          .orElseThrow(() -> new AssertionError("no init error:\n" + function.output()));

      assertThat(error.errorType()).hasValue("dev.secretfn.SecretResolutionException");
      assertThat(error.errorMessage()).get().asString()
          .contains("secretfn could not resolve 2 of 2 secrets")
          .contains("DB_PASS = s3://" + BUCKET + "/" + CREDENTIALS + "#password: FETCH failed: S3 answered 403"
              + " AccessDenied for s3://" + BUCKET + "/" + CREDENTIALS)
          .contains("DB_USER = s3://" + BUCKET + "/" + CREDENTIALS + "#username: FETCH failed")
          .contains("Fix: allow s3:GetObject")
          .doesNotContain(demo.dbPass);
      assertThat(function.awaitExit(30_000)).isNotZero();
      assertThat(demo.objectReads()).as("one read for both fields, not retried").isEqualTo(1);
      assertThat(function.output()).doesNotContain(demo.dbPass);
    }
  }

  @Test
  void apiGatewayFunction_kmsSlowerThanTheDeadline_reportsInitErrorAtTheDeadline() throws Exception {
    demo.kms.knobs().latency(Duration.ofSeconds(30));
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "faults-slow", API_HANDLER, demo.apiEnvironment(lambda), LambdaDemo.jar("weather"))) {
      ReportedError error = lambda.awaitInitError(WAIT)
          .orElseThrow(() -> new AssertionError("no init error:\n" + function.output()));

      String message = error.errorMessage().orElseThrow();
      assertThat(message)
          .contains("secretfn could not resolve 1 of 1 secret")
          .contains("API_KEY = aws-kms://?ciphertext=<ciphertext,")
          .contains("FETCH failed: did not finish within the 8000 ms start-up deadline (attempt 1")
          .contains("Fix: check that the function can reach the service")
          .doesNotContain(demo.apiKey);
      // Inside Lambda's 10 s INIT limit, with the resolver's 500 ms grace for stragglers at most.
      assertThat(resolutionMillis(message)).as(message).isBetween(8_000L, 8_700L);
      assertThat(function.awaitExit(30_000)).isNotZero();
    }
  }

  @Test
  void apiGatewayFunction_throttledThenServed_retriedDuringInitAndAnswers() throws Exception {
    demo.kms.knobs().failNext(3, 429);
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "faults-throttled", API_HANDLER, demo.apiEnvironment(lambda), LambdaDemo.jar("weather"))) {
      Invocation answer = lambda.invoke(API_EVENT, WAIT);

      assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(answer.body()).contains("\"statusCode\":200");
      assertThat(demo.decrypts()).as("3 throttled attempts, then the one that succeeded").isEqualTo(4);
      assertThat(function.output()).doesNotContain(demo.apiKey);
    }
  }

  /** The "(after N ms)" of the failure message. */
  private static long resolutionMillis(String message) {
    String rest = message.substring(message.indexOf("(after ") + "(after ".length());
    return Long.parseLong(rest.substring(0, rest.indexOf(" ms")));
  }
}

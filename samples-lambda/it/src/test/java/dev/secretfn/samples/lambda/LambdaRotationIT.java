package dev.secretfn.samples.lambda;

import static dev.secretfn.samples.lambda.LambdaDemo.BUCKET;
import static dev.secretfn.samples.lambda.LambdaDemo.CREDENTIALS;
import static dev.secretfn.samples.lambda.LambdaDemo.STREAM_HANDLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.ProcessLeakAudit;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database password rotates while the orders stream function serves, on the real runtime interface client,
 * without a redeploy: the team writes the new password to the credentials object (a new S3 version) and the
 * database accepts only it from then on. The next invocation is rejected once, the function refreshes its
 * credentials (both fields, one read) and retries, and that invocation and every later one succeed; later ones on
 * their first try. Neither password shows outside the process's memory. A fresh world per test.
 */
class LambdaRotationIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String OPEN = "{\"status\":\"open\"}";
  private static final String ORDERS = "{\"open_orders\":3,\"oldest\":\"2026-11-20\"}";

  private final String passwordV2 = "canary-db-pass-v2-" + UUID.randomUUID();
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
  void ordersStreamFunction_passwordRotated_nextInvocationRefreshesAndRetriesOnceThenLaterOnesSucceedFirstTime()
      throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = start(lambda, "rotation")) {
      assertThat(invoke(lambda, function).body()).isEqualTo(ORDERS);
      assertThat(demo.upstream.rejected()).isZero();
      long readsBefore = demo.objectReads();

      String version = demo.rotateCredentials(passwordV2);
      demo.upstream.acceptOnlyDbPass(passwordV2);
      int authorized = demo.upstream.authorized();

      Invocation rotated = invoke(lambda, function);
      assertThat(rotated.body()).as(function.output()).isEqualTo(ORDERS);
      assertThat(demo.upstream.rejected()).as("the first call, with the old password").isEqualTo(1);
      assertThat(demo.upstream.authorized() - authorized).as("the retry, with the new one").isEqualTo(1);
      assertThat(demo.objectReads() - readsBefore).as("one refresh read both fields").isEqualTo(1);
      assertThat(version).isNotEmpty();

      for (int i = 0; i < 5; i++) {
        assertThat(invoke(lambda, function).body()).as(function.output()).isEqualTo(ORDERS);
      }
      assertThat(demo.upstream.rejected()).as("later invocations succeed on their first try").isEqualTo(1);
      assertThat(demo.upstream.authorized() - authorized).isEqualTo(6);
      assertThat(demo.objectReads() - readsBefore).as("no read per invocation").isEqualTo(1);
      assertThat(leaks("rotation", function)).isEmpty();
    }
  }

  @Test
  void ordersStreamFunction_databaseRotatedButNotTheObject_retriesOnceThenAnswersAnErrorWithoutAValue()
      throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = start(lambda, "rotation-object-stale")) {
      assertThat(invoke(lambda, function).body()).isEqualTo(ORDERS);
      long readsBefore = demo.objectReads();

      demo.upstream.acceptOnlyDbPass(passwordV2); // the object still holds the old password

      assertThat(invoke(lambda, function).body()).isEqualTo("{\"error\":\"the orders API answered 401\"}");
      assertThat(demo.upstream.rejected()).as("the first call and the one retry").isEqualTo(2);
      assertThat(demo.objectReads() - readsBefore).isEqualTo(1);
      assertThat(leaks("rotation-object-stale", function)).isEmpty();
    }
  }

  @Test
  void ordersStreamFunction_refreshDenied_answersAnErrorWithoutAValueAndLogsWhyOnce() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = start(lambda, "rotation-denied")) {
      assertThat(invoke(lambda, function).body()).isEqualTo(ORDERS);

      demo.rotateCredentials(passwordV2);
      demo.upstream.acceptOnlyDbPass(passwordV2);
      demo.s3.knobs().deny(BUCKET + "/" + CREDENTIALS);

      assertThat(invoke(lambda, function).body()).as(function.output()).isEqualTo(
          "{\"error\":\"the orders API rejected the database credentials and refreshing them failed\"}");
      assertThat(demo.upstream.rejected()).as("no retry without new credentials").isEqualTo(1);
      assertThat(function.output())
          .containsOnlyOnce("secretfn: refreshing DB_PASS and DB_USER failed")
          .contains("DB_PASS = s3://" + BUCKET + "/" + CREDENTIALS + "#password: FETCH failed");
      assertThat(leaks("rotation-denied", function)).isEmpty();
    }
  }

  private LambdaRuntimeClientProcess start(LambdaRuntimeEmulator lambda, String name) throws Exception {
    return LambdaRuntimeClientProcess.startDeployment(name, STREAM_HANDLER, demo.streamEnvironment(lambda),
        LambdaDemo.jar("orders"));
  }

  private static Invocation invoke(LambdaRuntimeEmulator lambda, LambdaRuntimeClientProcess function)
      throws Exception {
    Invocation answer = lambda.invoke(OPEN, WAIT);
    assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
    return answer;
  }

  /** Either password (raw, base64 or hex) in the process's environment, system properties, output or temp files. */
  private List<String> leaks(String name, LambdaRuntimeClientProcess function) throws Exception {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("environ", function.environ());
    texts.put("system properties", ProcessLeakAudit.systemProperties(function.pid()));
    texts.put("output", function.output());
    return ProcessLeakAudit.of(List.of(demo.dbPass, passwordV2)).findings(name, texts, List.of(function.tempDir()));
  }
}

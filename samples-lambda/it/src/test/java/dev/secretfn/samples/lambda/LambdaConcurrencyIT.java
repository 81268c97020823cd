package dev.secretfn.samples.lambda;

import static dev.secretfn.samples.lambda.LambdaDemo.API_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lambda multi-concurrency on the real runtime interface client: several runtime loops
 * ({@code AWS_LAMBDA_MAX_CONCURRENCY}) share one handler instance, and 100 invocations are queued while the
 * function is still in INIT. Every invocation is answered correctly, and the emulators' request logs prove one
 * resolution for the instance.
 */
class LambdaConcurrencyIT {
  private static final int INVOCATIONS = 100;
  private static final String LOOPS = "8";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static LambdaDemo demo;

  @BeforeAll
  static void startEmulators() throws IOException {
    demo = LambdaDemo.start();
  }

  @AfterAll
  static void stopEmulators() {
    demo.close();
  }

  @Test
  void ordersStreamFunction_hundredInvocationsQueuedDuringInit_oneObjectReadAndAllAnswered() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      List<Invocation> answers = invokeDuringInit(lambda, demo.streamEnvironment(lambda), "orders",
          "concurrent-stream", "{\"status\":\"open\"}", demo::objectReads, 1);

      assertThat(answers).allSatisfy(answer ->
          assertThat(answer.body()).isEqualTo("{\"open_orders\":3,\"oldest\":\"2026-11-20\"}"));
    }
  }

  @Test
  void apiGatewayFunction_hundredInvocationsQueuedDuringInit_oneDecryptAndAllAnswered() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      List<Invocation> answers = invokeDuringInit(lambda, demo.apiEnvironment(lambda), "weather",
          "concurrent-api", API_EVENT, demo::decrypts, 1);

      assertThat(answers).allSatisfy(answer -> assertThat(answer.body()).contains("\"statusCode\":200")
          .contains("\\\"forecast\\\":\\\"sunny\\\""));
    }
  }

  /**
   * Starts the function with several runtime loops, queues {@link #INVOCATIONS} invocations at once (before INIT
   * ends), and checks that all succeed with distinct request ids and that the secrets were fetched once.
   */
  private static List<Invocation> invokeDuringInit(LambdaRuntimeEmulator lambda, Map<String, String> env,
      String jar, String name, String event, LongSupplier secretRequests, long expectedRequests) throws Exception {
    long before = secretRequests.getAsLong();
    int authorizedBefore = demo.upstream.authorized();
    env.put("AWS_LAMBDA_MAX_CONCURRENCY", LOOPS);
    ExecutorService callers = Executors.newFixedThreadPool(INVOCATIONS);
    try (LambdaRuntimeClientProcess function =
        LambdaRuntimeClientProcess.startDeployment(name, env.get("_HANDLER"), env, LambdaDemo.jar(jar))) {
      List<Future<Invocation>> pending = new ArrayList<>();
      for (int i = 0; i < INVOCATIONS; i++) {
        pending.add(callers.submit(() -> lambda.invoke(event, WAIT)));
      }
      List<Invocation> answers = new ArrayList<>();
      Set<String> requestIds = new HashSet<>();
      for (Future<Invocation> answer : pending) {
        Invocation invocation = answer.get();
        assertThat(invocation.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
        answers.add(invocation);
        requestIds.add(invocation.requestId());
      }
      assertThat(requestIds).hasSize(INVOCATIONS);
      assertThat(demo.upstream.authorized() - authorizedBefore).as("each invocation used the real secret")
          .isEqualTo(INVOCATIONS);
      assertThat(secretRequests.getAsLong() - before).as("one resolution for all runtime loops")
          .isEqualTo(expectedRequests);
      assertThat(function.output()).containsOnlyOnce("secretfn resolved").doesNotContain(demo.dbPass)
          .doesNotContain(demo.apiKey);
      return answers;
    } finally {
      callers.shutdownNow();
    }
  }
}

package dev.secretfn.samples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.UpstreamStub;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.S3Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
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
  private static final String API_HANDLER = ApiGatewayFunction.class.getName();
  private static final String STREAM_HANDLER = OrdersStreamFunction.class.getName();
  private static final int INVOCATIONS = 100;
  private static final String LOOPS = "8";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String BUCKET = "secretfn-demo-secrets";
  private static final String CREDENTIALS = "orders/credentials.json";
  private static final String DB_USER = "orders-app";
  private static final String DB_PASS = "canary-db-pass-" + UUID.randomUUID();
  private static final String API_KEY = "canary-api-key-" + UUID.randomUUID();
  private static final String API_EVENT =
      "{\"resource\":\"/weather\",\"path\":\"/weather\",\"httpMethod\":\"GET\","
          + "\"queryStringParameters\":{\"city\":\"Bern\"},\"headers\":{\"Accept\":\"application/json\"}}";

  private static AwsKmsEmulator kms;
  private static S3Emulator s3;
  private static UpstreamStub upstream;
  private static String keyArn;
  private static Path functionJar;

  @BeforeAll
  static void startEmulators() throws IOException {
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

  @AfterAll
  static void stopEmulators() {
    kms.close();
    s3.close();
    upstream.close();
  }

  @Test
  void ordersStreamFunction_hundredInvocationsQueuedDuringInit_oneObjectReadAndAllAnswered() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = common(lambda, STREAM_HANDLER);
      env.put("DB_USER", "s3://" + BUCKET + "/" + CREDENTIALS + "#username");
      env.put("DB_PASS", "s3://" + BUCKET + "/" + CREDENTIALS + "#password");
      List<Invocation> answers = invokeDuringInit(lambda, env, "concurrent-stream", "{\"status\":\"open\"}",
          LambdaConcurrencyIT::objectReads, 1);

      assertThat(answers).allSatisfy(answer ->
          assertThat(answer.body()).isEqualTo("{\"open_orders\":3,\"oldest\":\"2026-11-20\"}"));
    }
  }

  @Test
  void apiGatewayFunction_hundredInvocationsQueuedDuringInit_oneDecryptAndAllAnswered() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = common(lambda, API_HANDLER);
      env.put("API_KEY", Base64.getEncoder().encodeToString(kms.encrypt(keyArn,
          API_KEY.getBytes(StandardCharsets.UTF_8), Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME))));
      List<Invocation> answers = invokeDuringInit(lambda, env, "concurrent-api", API_EVENT,
          LambdaConcurrencyIT::decrypts, 1);

      assertThat(answers).allSatisfy(answer -> assertThat(answer.body()).contains("\"statusCode\":200")
          .contains("\\\"forecast\\\":\\\"sunny\\\""));
    }
  }

  /**
   * Starts the function with several runtime loops, queues {@link #INVOCATIONS} invocations at once (before INIT
   * ends), and checks that all succeed with distinct request ids and that the secrets were fetched once.
   */
  private static List<Invocation> invokeDuringInit(LambdaRuntimeEmulator lambda, Map<String, String> env,
      String name, String event, LongSupplier secretRequests, long expectedRequests) throws Exception {
    long before = secretRequests.getAsLong();
    int authorizedBefore = upstream.authorized();
    env.put("AWS_LAMBDA_MAX_CONCURRENCY", LOOPS);
    ExecutorService callers = Executors.newFixedThreadPool(INVOCATIONS);
    try (LambdaRuntimeClientProcess function =
        LambdaRuntimeClientProcess.startDeployment(name, env.get("_HANDLER"), env, functionJar)) {
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
      assertThat(upstream.authorized() - authorizedBefore).as("each invocation used the real secret")
          .isEqualTo(INVOCATIONS);
      assertThat(secretRequests.getAsLong() - before).as("one resolution for all runtime loops")
          .isEqualTo(expectedRequests);
      assertThat(function.output()).containsOnlyOnce("secretfn resolved").doesNotContain(DB_PASS)
          .doesNotContain(API_KEY);
      return answers;
    } finally {
      callers.shutdownNow();
    }
  }

  private static Map<String, String> common(LambdaRuntimeEmulator lambda, String handler) {
    Map<String, String> env = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler));
    env.put("SECRETFN_AWS_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
    env.put("SECRETFN_S3_EMULATOR_HOST", s3.endpoint().substring("http://".length()));
    env.put("UPSTREAM_URL", upstream.url().toString());
    return env;
  }

  private static long decrypts() {
    return kms.requests().stream()
        .filter(r -> r.header("X-Amz-Target").map("TrentService.Decrypt"::equals).orElse(false)).count();
  }

  private static long objectReads() {
    return s3.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith("/" + BUCKET + "/orders/")).count();
  }
}

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda samples' deployable jar, extracted into a task root as Lambda does, on the real runtime interface
 * client (aws-lambda-java-runtime-interface-client 2.10.1) against the Runtime API, AWS KMS and S3 emulators.
 */
class LambdaSamplesIT {
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

  private static AwsKmsEmulator kms;
  private static S3Emulator s3;
  private static UpstreamStub upstream;
  private static String keyArn;
  /** What SAM deploys: one jar per function, each with only its own SDK service. */
  private static Path weatherJar;
  private static Path ordersJar;

  @BeforeAll
  static void startEmulators() throws IOException {
    kms = AwsKmsEmulator.start();
    s3 = S3Emulator.start();
    upstream = UpstreamStub.start(DB_USER, DB_PASS, API_KEY);
    keyArn = kms.createKey();
    s3.putObject(BUCKET, CREDENTIALS, ("{\"username\":\"" + DB_USER + "\",\"password\":\"" + DB_PASS + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    weatherJar = deployableJar("-weather.jar");
    ordersJar = deployableJar("-orders.jar");
  }

  private static Path deployableJar(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.toString().endsWith(suffix)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no *" + suffix + ": run after 'package' (./mvnw verify)"));
    }
  }

  @AfterAll
  static void stopEmulators() {
    kms.close();
    s3.close();
    upstream.close();
  }

  /** API_KEY encrypted as the Lambda console's helpers do: context {"LambdaFunctionName": <function name>}. */
  private static Map<String, String> apiEnvironment(LambdaRuntimeEmulator lambda) {
    Map<String, String> env = common(lambda, API_HANDLER);
    env.put("API_KEY", Base64.getEncoder().encodeToString(kms.encrypt(keyArn, API_KEY.getBytes(StandardCharsets.UTF_8),
        Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME))));
    return env;
  }

  private static Map<String, String> streamEnvironment(LambdaRuntimeEmulator lambda) {
    Map<String, String> env = common(lambda, STREAM_HANDLER);
    env.put("DB_USER", "s3://" + BUCKET + "/" + CREDENTIALS + "#username");
    env.put("DB_PASS", "s3://" + BUCKET + "/" + CREDENTIALS + "#password");
    return env;
  }

  private static Map<String, String> common(LambdaRuntimeEmulator lambda, String handler) {
    Map<String, String> env = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler));
    env.put("SECRETFN_AWS_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
    env.put("SECRETFN_S3_EMULATOR_HOST", s3.endpoint().substring("http://".length()));
    env.put("UPSTREAM_URL", upstream.url().toString());
    return env;
  }

  @Test
  void apiGatewayFunction_kmsEncryptedVariable_answersWithTheUpstreamForecast() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "api", API_HANDLER, apiEnvironment(lambda), weatherJar)) {
      Invocation answer = lambda.invoke(API_EVENT, WAIT);

      assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(answer.body()).contains("\"statusCode\":200")
          .contains("\\\"city\\\":\\\"Bern\\\",\\\"forecast\\\":\\\"sunny\\\"");
      assertNoPlaintextOutsideMemory(function, API_KEY);
    }
  }

  @Test
  void ordersStreamFunction_s3JsonSecret_readsTheObjectOnceAndAnswers() throws Exception {
    long readsBefore = objectReads();
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "stream", STREAM_HANDLER, streamEnvironment(lambda), ordersJar)) {
      Invocation first = lambda.invoke("{\"status\":\"open\"}", WAIT);
      Invocation second = lambda.invoke("{\"status\":\"open\"}", WAIT);

      assertThat(first.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(first.body()).isEqualTo("{\"open_orders\":3,\"oldest\":\"2026-11-20\"}");
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(objectReads() - readsBefore).as("one read at INIT for both fields, none per invocation")
          .isEqualTo(1);
      assertNoPlaintextOutsideMemory(function, DB_PASS);
    }
  }

  @Test
  void ordersStreamFunction_fourRuntimeLoops_resolveOnceAndAnswerConcurrentInvocations() throws Exception {
    long readsBefore = objectReads();
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = streamEnvironment(lambda);
      env.put("AWS_LAMBDA_MAX_CONCURRENCY", "4");
      try (LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
          "stream-concurrent", STREAM_HANDLER, env, ordersJar)) {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
          List<Future<Invocation>> answers = new ArrayList<>();
          for (int i = 0; i < 8; i++) {
            answers.add(callers.submit(() -> lambda.invoke("{\"status\":\"open\"}", WAIT)));
          }
          for (Future<Invocation> answer : answers) {
            assertThat(answer.get().status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
            assertThat(answer.get().body()).contains("\"open_orders\":3");
          }
        } finally {
          callers.shutdownNow();
        }
        assertThat(objectReads() - readsBefore).as("one resolution for all runtime loops").isEqualTo(1);
      }
    }
  }

  @Test
  void apiGatewayFunction_unreadableSecret_reportsAnInitErrorNamingTheVariable() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = apiEnvironment(lambda);
      env.put("AWS_LAMBDA_FUNCTION_NAME", "another-function"); // the ciphertext's context names the original
      try (LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
          "api-init-error", API_HANDLER, env, weatherJar)) {
        ReportedError error = lambda.awaitInitError(WAIT).orElseThrow(() ->
            new AssertionError("no init error:\n" + function.output()));

        assertThat(error.errorType()).hasValue("dev.secretfn.SecretResolutionException");
        assertThat(error.errorMessage()).get().asString()
            .contains("secretfn could not resolve 1 of 1 secret")
            .contains("API_KEY = aws-kms://?ciphertext=<ciphertext,")
            .contains("DECRYPT failed: AWS KMS answered 400 InvalidCiphertextException")
            .contains("encryption context {LambdaFunctionName=another-function}")
            .doesNotContain(API_KEY);
        assertThat(function.awaitExit(30_000)).isNotZero();
      }
    }
  }

  @Test
  void apiGatewayFunction_snapStart_resolvesOnlyAfterRestore() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.startSnapStart()) {
      Map<String, String> env = apiEnvironment(lambda);
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
      long decryptsBefore = decrypts();
      try (LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment("api-snap-start",
          API_HANDLER, env, weatherJar, "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac")) {
        assertThat(lambda.awaitCheckpoint(WAIT)).as(function.output()).isTrue();
        assertThat(decrypts() - decryptsBefore).as("nothing decrypted before the snapshot").isZero();

        lambda.restore();
        Invocation answer = lambda.invoke(API_EVENT, WAIT);

        assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
        assertThat(answer.body()).contains("\"statusCode\":200");
        assertThat(decrypts() - decryptsBefore).isEqualTo(1);
        assertThat(function.output()).contains("secrets are resolved after restore");
      }
    }
  }

  private static void assertNoPlaintextOutsideMemory(LambdaRuntimeClientProcess function, String plaintext)
      throws IOException {
    assertThat(function.environ()).doesNotContain(plaintext);
    assertThat(function.output()).doesNotContain(plaintext);
    try (Stream<Path> files = Files.walk(function.tempDir())) {
      List<Path> leaking = files.filter(Files::isRegularFile).filter(f -> contains(f, plaintext))
          .collect(Collectors.toList());
      assertThat(leaking).isEmpty();
    }
  }

  private static boolean contains(Path file, String plaintext) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(plaintext);
    } catch (IOException e) {
      return false;
    }
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

package dev.secretfn.samples.lambda;

import static dev.secretfn.samples.lambda.LambdaDemo.API_EVENT;
import static dev.secretfn.samples.lambda.LambdaDemo.API_HANDLER;
import static dev.secretfn.samples.lambda.LambdaDemo.BILLING_HANDLER;
import static dev.secretfn.samples.lambda.LambdaDemo.STREAM_HANDLER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.ReportedError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Lambda samples' deployable jars, each extracted into a task root as Lambda does, on the real runtime interface
 * client (aws-lambda-java-runtime-interface-client 2.10.1) against the Runtime API, AWS KMS, S3, Secrets Manager and
 * SSM emulators.
 */
class LambdaSamplesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static LambdaDemo demo;
  /** What SAM deploys: one jar per function, each with only its own SDK service. */
  private static Path weatherJar;
  private static Path ordersJar;
  private static Path billingJar;

  @BeforeAll
  static void startEmulators() throws IOException {
    demo = LambdaDemo.start();
    weatherJar = LambdaDemo.jar("weather");
    ordersJar = LambdaDemo.jar("orders");
    billingJar = LambdaDemo.jar("billing");
  }

  @AfterAll
  static void stopEmulators() {
    demo.close();
  }

  @Test
  void apiGatewayFunction_kmsEncryptedVariable_answersWithTheUpstreamForecast() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "api", API_HANDLER, demo.apiEnvironment(lambda), weatherJar)) {
      Invocation answer = lambda.invoke(API_EVENT, WAIT);

      assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(answer.body()).contains("\"statusCode\":200")
          .contains("\\\"city\\\":\\\"Bern\\\",\\\"forecast\\\":\\\"sunny\\\"");
      assertNoPlaintextOutsideMemory(function, demo.apiKey);
    }
  }

  @Test
  void ordersStreamFunction_s3JsonSecret_readsTheObjectOnceAndAnswers() throws Exception {
    long readsBefore = demo.objectReads();
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "stream", STREAM_HANDLER, demo.streamEnvironment(lambda), ordersJar)) {
      Invocation first = lambda.invoke("{\"status\":\"open\"}", WAIT);
      Invocation second = lambda.invoke("{\"status\":\"open\"}", WAIT);

      assertThat(first.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(first.body()).isEqualTo("{\"open_orders\":3,\"oldest\":\"2026-11-20\"}");
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(demo.objectReads() - readsBefore).as("one read at INIT for both fields, none per invocation")
          .isEqualTo(1);
      assertNoPlaintextOutsideMemory(function, demo.dbPass);
    }
  }

  @Test
  void billingWebhookFunction_secretsManagerAndSsm_oneCallEachAndASignedReceipt() throws Exception {
    long secretReadsBefore = demo.secretValueReads();
    int batchesBefore = demo.getParametersBodies().size();
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "billing", BILLING_HANDLER, demo.billingEnvironment(lambda), billingJar)) {
      Invocation first = lambda.invoke(demo.webhookEvent(demo.webhookSecret), WAIT);
      Invocation forged = lambda.invoke(demo.webhookEvent("not-the-webhook-secret"), WAIT);

      assertThat(first.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
      // The orders API took the database credentials; the receipt is signed with version 2 of the signing key.
      String receipt = "{\"received\":true,\"orders\":{\"open_orders\":3,\"oldest\":\"2026-11-20\"}}";
      assertThat(first.body()).contains("\"statusCode\":200")
          .contains("\"X-Receipt-Signature\":\"sha256=" + LambdaDemo.hmacHex(demo.signingKey, receipt) + "\"");
      assertThat(forged.body()).as("a webhook not signed with WEBHOOK_SECRET").contains("\"statusCode\":401");
      assertThat(demo.secretValueReads() - secretReadsBefore).as("one GetSecretValue for DB_USER and DB_PASS")
          .isEqualTo(1);
      List<String> batches = demo.getParametersBodies().subList(batchesBefore, demo.getParametersBodies().size());
      assertThat(batches).as("both parameters in one GetParameters call").hasSize(1);
      assertThat(batches.get(0)).matches("\\{\"Names\":\\[\"[^\"]+\",\"[^\"]+\"],\"WithDecryption\":true}")
          .contains("\"" + LambdaDemo.SIGNING_KEY_PARAMETER + ":2\"")
          .contains("\"" + LambdaDemo.WEBHOOK_SECRET_PARAMETER + "\"");
      for (String plaintext : List.of(demo.dbPass, demo.signingKey, demo.webhookSecret)) {
        assertNoPlaintextOutsideMemory(function, plaintext);
      }
    }
  }

  @Test
  void ordersStreamFunction_fourRuntimeLoops_resolveOnceAndAnswerConcurrentInvocations() throws Exception {
    long readsBefore = demo.objectReads();
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = demo.streamEnvironment(lambda);
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
        assertThat(demo.objectReads() - readsBefore).as("one resolution for all runtime loops").isEqualTo(1);
      }
    }
  }

  @Test
  void apiGatewayFunction_unreadableSecret_reportsAnInitErrorNamingTheVariable() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = demo.apiEnvironment(lambda);
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
            .doesNotContain(demo.apiKey);
        assertThat(function.awaitExit(30_000)).isNotZero();
      }
    }
  }

  @Test
  void apiGatewayFunction_snapStart_resolvesOnlyAfterRestore() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.startSnapStart()) {
      Map<String, String> env = demo.apiEnvironment(lambda);
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
      long decryptsBefore = demo.decrypts();
      try (LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment("api-snap-start",
          API_HANDLER, env, weatherJar, "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac")) {
        assertThat(lambda.awaitCheckpoint(WAIT)).as(function.output()).isTrue();
        assertThat(demo.decrypts() - decryptsBefore).as("nothing decrypted before the snapshot").isZero();

        lambda.restore();
        Invocation answer = lambda.invoke(API_EVENT, WAIT);

        assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
        assertThat(answer.body()).contains("\"statusCode\":200");
        assertThat(demo.decrypts() - decryptsBefore).isEqualTo(1);
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
}

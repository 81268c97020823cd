package dev.secretfn.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.ReportedError;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real runtime interface client (aws-lambda-java-runtime-interface-client 2.10.1, with its JNI Runtime API
 * client) in its own JVM, against the emulator: what it sends and what it needs.
 */
class LambdaRuntimeClientTest {
  private static final String FUNCTIONS = "dev.secretfn.testing.aws.functions.";
  private static final String ECHO = FUNCTIONS + "EchoHandler::handleRequest";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String NEXT = "/2018-06-01/runtime/invocation/next";
  private static final String RESTORE_NEXT = "/2018-06-01/runtime/restore/next";

  @Test
  void requestHandler_answersInvocations_andReportsItsExceptions() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess client = LambdaRuntimeClientProcess.start("echo", ECHO,
            LambdaRuntimeClientProcess.lambdaEnvironment(lambda, ECHO))) {
      Invocation first = lambda.invoke("\"one\"", WAIT);
      Invocation second = lambda.invoke("\"two\"", WAIT);
      Invocation failed = lambda.invoke("\"fail\"", WAIT);

      assertThat(first.status()).as(client.output()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(first.body()).isEqualTo("\"echo:one for " + lambda.functionArn() + " id " + first.requestId()
          + " remaining>0 true\"");
      assertThat(second.body()).startsWith("\"echo:two for");
      assertThat(failed.status()).isEqualTo(Invocation.Status.ERROR);
      ReportedError error = failed.error().orElseThrow();
      assertThat(error.runtimeErrorType()).hasValue("Runtime.UserException");
      assertThat(error.errorType()).hasValue("java.lang.IllegalArgumentException");
      assertThat(error.errorMessage()).hasValue("asked to fail");
      assertThat(error.stackTrace()).first().asString().startsWith(FUNCTIONS + "EchoHandler.handleRequest(");

      List<RecordedRequest> requests = lambda.requests();
      assertThat(requests).extracting(r -> r.method() + " " + r.path().replaceAll("[0-9a-f-]{36}", "{id}"))
          .startsWith("GET " + NEXT, "POST /2018-06-01/runtime/invocation/{id}/response", "GET " + NEXT,
              "POST /2018-06-01/runtime/invocation/{id}/response", "GET " + NEXT,
              "POST /2018-06-01/runtime/invocation/{id}/error");
      // next and response go through the JNI client (libcurl), errors through HttpURLConnection.
      assertThat(requests.get(0).header("User-Agent")).get().asString().startsWith("aws-lambda-java/")
          .endsWith("-2.10.1");
      assertThat(requests.get(1).header("Content-Type")).hasValue("application/json");
      assertThat(requests.get(5).header("Lambda-Runtime-Function-Error-Type")).hasValue("Runtime.UserException");
      assertThat(requests.get(5).header("Lambda-Runtime-Function-XRay-Error-Cause")).isPresent();
      assertThat(client.isAlive()).isTrue();
    }
  }

  @Test
  void onlyTheRuntimeApiAddressIsRequired() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess client = LambdaRuntimeClientProcess.start("minimal-env", ECHO,
            Map.of("AWS_LAMBDA_RUNTIME_API", lambda.hostAndPort()))) {
      Invocation answer = lambda.invoke("\"x\"", WAIT);

      assertThat(answer.status()).as(client.output()).isEqualTo(Invocation.Status.SUCCESS);
    }
  }

  @Test
  void constructorThrows_initErrorWithTheMessage_thenTheClientExits() throws Exception {
    String handler = FUNCTIONS + "FailingConstructorHandler::handleRequest";
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess client = LambdaRuntimeClientProcess.start("init-error", handler,
            LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler))) {
      ReportedError error = lambda.awaitInitError(WAIT).orElseThrow(() -> new AssertionError(client.output()));

      assertThat(error.runtimeErrorType()).hasValue("Runtime.BadFunctionCode");
      assertThat(error.errorMessage()).get().asString().contains("secret DB_PASS could not be resolved");
      assertThat(client.awaitExit(WAIT.toMillis())).isEqualTo(1);
      assertThat(lambda.requests()).extracting(RecordedRequest::path)
          .containsExactly("/2018-06-01/runtime/init/error");
    }
  }

  @Test
  void snapStart_restoreNextBeforeTheFirstNext_andCracHooksAroundIt() throws Exception {
    String handler = FUNCTIONS + "CracHandler::handleRequest";
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.startSnapStart()) {
      Map<String, String> env = LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler);
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
      try (LambdaRuntimeClientProcess client = LambdaRuntimeClientProcess.start("snap-start", handler, env,
          "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac")) {
        assertThat(lambda.awaitCheckpoint(WAIT)).as(client.output()).isTrue();
        Thread.sleep(100);
        assertThat(lambda.requests()).extracting(RecordedRequest::path).containsExactly(RESTORE_NEXT);

        lambda.restore();
        Invocation answer = lambda.invoke("\"events\"", WAIT);

        assertThat(answer.body()).as(client.output()).isEqualTo("\"constructed,beforeCheckpoint,afterRestore\"");
        List<String> paths = lambda.requests().stream().map(RecordedRequest::path).collect(Collectors.toList());
        assertThat(paths.indexOf(RESTORE_NEXT)).isLessThan(paths.indexOf(NEXT));
      }
    }
  }

  @Test
  void snapStart_afterRestoreThrows_restoreError_thenExit64() throws Exception {
    String handler = FUNCTIONS + "CracHandler::handleRequest";
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.startSnapStart()) {
      Map<String, String> env = LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler);
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
      env.put("CRAC_FAIL_RESTORE", "1");
      lambda.restore(); // restore as soon as the client asks
      try (LambdaRuntimeClientProcess client = LambdaRuntimeClientProcess.start("snap-start-fails", handler, env,
          "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac")) {
        ReportedError error = lambda.awaitRestoreError(WAIT).orElseThrow(() -> new AssertionError(client.output()));

        assertThat(error.runtimeErrorType()).hasValue("Runtime.AfterRestoreError");
        // The document names only the client's aggregate exception; the hook's own message goes to the log.
        assertThat(error.errorType()).hasValue("com.amazonaws.services.lambda.crac.RestoreException");
        assertThat(client.awaitExit(WAIT.toMillis())).isEqualTo(64);
        assertThat(client.output()).contains("cannot resolve secrets after restore");
      }
    }
  }

  @Test
  void maxConcurrency4_loopsPollTogether_andConcurrentInvocationsAllSucceed() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = LambdaRuntimeClientProcess.lambdaEnvironment(lambda, ECHO);
      env.put("AWS_LAMBDA_MAX_CONCURRENCY", "4");
      try (LambdaRuntimeClientProcess client = LambdaRuntimeClientProcess.start("concurrency", ECHO, env)) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (polls(lambda) < 4 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        // Nothing is queued yet, so every poll is still parked: four loops wait on /next at once.
        assertThat(polls(lambda)).as(client.output()).isEqualTo(4);

        long start = System.nanoTime();
        List<Future<Invocation>> invocations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          invocations.add(callers.submit(() -> lambda.invoke("\"slow\"", WAIT)));
        }
        Set<String> threads = new HashSet<>();
        for (Future<Invocation> invocation : invocations) {
          Invocation answer = invocation.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          assertThat(answer.status()).as(client.output()).isEqualTo(Invocation.Status.SUCCESS);
          threads.add(answer.body());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(threads).hasSizeGreaterThan(1);
        assertThat(millis).as("8 invocations of 400 ms on 4 loops").isLessThan(8 * 400);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  private static long polls(LambdaRuntimeEmulator lambda) {
    return lambda.requests().stream().filter(r -> r.path().equals(NEXT)).count();
  }
}

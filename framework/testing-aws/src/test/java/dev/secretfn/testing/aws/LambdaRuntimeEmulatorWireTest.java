package dev.secretfn.testing.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.ReportedError;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Lambda Runtime API, spoken by hand with java.net.http, the test thread playing Lambda. */
class LambdaRuntimeEmulatorWireTest {
  private static final String NEXT = "/2018-06-01/runtime/invocation/next";
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final ExecutorService pool = Executors.newCachedThreadPool();
  private LambdaRuntimeEmulator lambda;
  private WireClient http;

  private void start(LambdaRuntimeEmulator emulator) {
    lambda = emulator;
    http = new WireClient("http://" + lambda.hostAndPort());
  }

  @AfterEach
  void stop() {
    if (lambda != null) {
      lambda.close();
    }
    pool.shutdownNow();
  }

  private HttpResponse<byte[]> post(String path, String body, String... headers)
      throws IOException, InterruptedException {
    return http.send("POST", "/2018-06-01/runtime" + path, body.getBytes(UTF_8), headers);
  }

  private static void assertRuntimeError(HttpResponse<byte[]> response, int status, String type) {
    assertThat(response.statusCode()).as(WireClient.text(response)).isEqualTo(status);
    assertThat(WireClient.json(response)).containsEntry("errorType", type).containsKey("errorMessage");
  }

  private void awaitRequests(String path, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (lambda.requests().stream().filter(r -> r.path().equals(path)).count() < count
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(lambda.requests().stream().filter(r -> r.path().equals(path)).count()).isGreaterThanOrEqualTo(count);
  }

  @Test
  void hostAndPort_isWhatAwsLambdaRuntimeApiTakes() {
    start(LambdaRuntimeEmulator.start());

    assertThat(lambda.hostAndPort()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(lambda.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:111122223333:function:secretfn-function");
  }

  @Test
  void next_parksUntilAnInvocation_thenDeliversTheEventWithItsHeaders() throws Exception {
    start(LambdaRuntimeEmulator.start());
    Future<HttpResponse<byte[]>> next = pool.submit(() -> http.get(NEXT));
    awaitRequests(NEXT, 1);
    Thread.sleep(50);
    assertThat(next.isDone()).isFalse();

    long before = System.currentTimeMillis();
    Future<Invocation> invocation = pool.submit(() -> lambda.invoke("{\"n\":1}", Duration.ofSeconds(30)));
    HttpResponse<byte[]> event = next.get(5, TimeUnit.SECONDS);

    assertThat(event.statusCode()).isEqualTo(200);
    assertThat(WireClient.text(event)).isEqualTo("{\"n\":1}");
    assertThat(event.headers().firstValue("Content-Type")).hasValue("application/json");
    String requestId = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    long deadline = Long.parseLong(event.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
    assertThat(deadline).isBetween(before + 29_000, System.currentTimeMillis() + 30_000);
    assertThat(event.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(lambda.functionArn());
    assertThat(event.headers().firstValue("Lambda-Runtime-Trace-Id")).get().asString()
        .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");

    HttpResponse<byte[]> accepted = post("/invocation/" + requestId + "/response", "\"done\"");

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(WireClient.text(accepted)).isEqualTo("{\"status\":\"OK\"}");
    Invocation answer = invocation.get(5, TimeUnit.SECONDS);
    assertThat(answer.requestId()).isEqualTo(requestId);
    assertThat(answer.status()).isEqualTo(Invocation.Status.SUCCESS);
    assertThat(answer.body()).isEqualTo("\"done\"");
    assertThat(answer.error()).isEmpty();
  }

  @Test
  void invocationError_reportedWithHeaderAndDocument() throws Exception {
    start(LambdaRuntimeEmulator.start());
    Future<Invocation> invocation = pool.submit(() -> lambda.invoke("{}", WAIT));
    String requestId = http.get(NEXT).headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

    HttpResponse<byte[]> accepted = post("/invocation/" + requestId + "/error",
        "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\","
            + "\"stackTrace\":[\"a.B.c(B.java:1)\"]}",
        "Lambda-Runtime-Function-Error-Type", "Runtime.UserException");

    assertThat(accepted.statusCode()).isEqualTo(202);
    Invocation answer = invocation.get(5, TimeUnit.SECONDS);
    assertThat(answer.status()).isEqualTo(Invocation.Status.ERROR);
    ReportedError error = answer.error().orElseThrow();
    assertThat(error.runtimeErrorType()).hasValue("Runtime.UserException");
    assertThat(error.errorType()).hasValue("java.lang.IllegalStateException");
    assertThat(error.errorMessage()).hasValue("boom");
    assertThat(error.stackTrace()).containsExactly("a.B.c(B.java:1)");
    assertThat(error).hasToString("ReportedError[Runtime.UserException, java.lang.IllegalStateException: boom]");
  }

  @Test
  void unknownAnsweredOrTimedOutRequestIds_rejectedAsLambdaDoes() throws Exception {
    start(LambdaRuntimeEmulator.start());
    assertRuntimeError(post("/invocation/no-such-id/response", "x"), 400, "InvalidRequestID");

    Future<Invocation> invocation = pool.submit(() -> lambda.invoke("{}", WAIT));
    String answered = http.get(NEXT).headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    assertThat(post("/invocation/" + answered + "/response", "1").statusCode()).isEqualTo(202);
    invocation.get(5, TimeUnit.SECONDS);
    assertRuntimeError(post("/invocation/" + answered + "/response", "2"), 400, "InvalidRequestID");
    assertRuntimeError(post("/invocation/" + answered + "/error", "{}"), 400, "InvalidRequestID");

    Future<Invocation> late = pool.submit(() -> lambda.invoke("{}", Duration.ofMillis(200)));
    String timedOut = http.get(NEXT).headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    assertThatThrownBy(() -> late.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class)
        .hasMessageContaining("the runtime took it from /invocation/next");
    assertRuntimeError(post("/invocation/" + timedOut + "/response", "late"), 410, "InvokeTimeout");
  }

  @Test
  void invoke_timesOutWhenNoRuntimePolls_andTheInvocationIsWithdrawn() throws Exception {
    start(LambdaRuntimeEmulator.start());

    assertThatThrownBy(() -> lambda.invoke("{}", Duration.ofMillis(100))).isInstanceOf(TimeoutException.class)
        .hasMessageContaining("no runtime asked for it");
    assertThat(lambda).hasToString("LambdaRuntimeEmulator[" + lambda.hostAndPort() + ", 0 queued, 0 in progress]");
  }

  @Test
  void initError_keptForTheTest_failsInvocations_andIsRefusedOnceRunning() throws Exception {
    start(LambdaRuntimeEmulator.start());
    assertThat(lambda.awaitInitError(Duration.ofMillis(20))).isEmpty();
    Future<Invocation> waiting = pool.submit(() -> lambda.invoke("{}", WAIT));
    while (lambda.toString().contains(" 0 queued")) {
      Thread.sleep(5);
    }

    HttpResponse<byte[]> accepted = post("/init/error",
        "{\"errorMessage\":\"secret DB_PASS could not be resolved\",\"errorType\":\"java.lang.IllegalStateException\"}",
        "Lambda-Runtime-Function-Error-Type", "Runtime.BadFunctionCode");

    assertThat(accepted.statusCode()).isEqualTo(202);
    ReportedError error = lambda.awaitInitError(WAIT).orElseThrow();
    assertThat(error.runtimeErrorType()).hasValue("Runtime.BadFunctionCode");
    assertThat(error.errorMessage()).hasValue("secret DB_PASS could not be resolved");
    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secret DB_PASS could not be resolved");
    assertThatThrownBy(() -> lambda.invoke("{}", WAIT)).isInstanceOf(IllegalStateException.class);

    LambdaRuntimeEmulator running = LambdaRuntimeEmulator.start();
    try {
      WireClient other = new WireClient("http://" + running.hostAndPort());
      pool.submit(() -> other.get(NEXT));
      while (running.requests().isEmpty()) {
        Thread.sleep(5);
      }
      assertRuntimeError(other.send("POST", "/2018-06-01/runtime/init/error", "{}".getBytes(UTF_8)), 403,
          "InvalidStateTransition");
    } finally {
      running.close();
    }
  }

  @Test
  void restoreNext_withoutSnapStart_invalidStateTransition() throws Exception {
    start(LambdaRuntimeEmulator.start());

    assertRuntimeError(http.get("/2018-06-01/runtime/restore/next"), 403, "InvalidStateTransition");
    assertThatThrownBy(lambda::restore).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void snapStart_restoreNextParksUntilRestore_thenInvocationsFlow() throws Exception {
    start(LambdaRuntimeEmulator.startSnapStart());
    assertThat(lambda.awaitCheckpoint(Duration.ofMillis(20))).isFalse();
    assertRuntimeError(http.get(NEXT), 403, "InvalidStateTransition");

    Future<HttpResponse<byte[]>> restoreNext = pool.submit(() -> http.get("/2018-06-01/runtime/restore/next"));
    assertThat(lambda.awaitCheckpoint(WAIT)).isTrue();
    Thread.sleep(50);
    assertThat(restoreNext.isDone()).isFalse();

    lambda.restore();

    assertThat(restoreNext.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertRuntimeError(http.get("/2018-06-01/runtime/restore/next"), 403, "InvalidStateTransition");
    Future<Invocation> invocation = pool.submit(() -> lambda.invoke("{}", WAIT));
    String requestId = http.get(NEXT).headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    post("/invocation/" + requestId + "/response", "ok");
    assertThat(invocation.get(5, TimeUnit.SECONDS).body()).isEqualTo("ok");
    assertThat(lambda.toString()).contains("SnapStart");
  }

  @Test
  void restoreError_keptForTheTest() throws Exception {
    start(LambdaRuntimeEmulator.startSnapStart());
    assertThat(lambda.awaitRestoreError(Duration.ofMillis(20))).isEmpty();

    assertThat(post("/restore/error", "{\"errorMessage\":\"m\",\"errorType\":\"T\"}",
        "Lambda-Runtime-Function-Error-Type", "Runtime.AfterRestoreError").statusCode()).isEqualTo(202);

    ReportedError error = lambda.awaitRestoreError(WAIT).orElseThrow();
    assertThat(error.runtimeErrorType()).hasValue("Runtime.AfterRestoreError");
    assertThat(error.errorType()).hasValue("T");
  }

  @Test
  void concurrentPolls_eachInvocationGoesToExactlyOneLoop() throws Exception {
    start(LambdaRuntimeEmulator.start());
    List<Future<HttpResponse<byte[]>>> polls = new ArrayList<>();
    for (int i = 0; i < 12; i++) { // more than a fixed worker pool would hold
      polls.add(pool.submit(() -> http.get(NEXT)));
    }
    awaitRequests(NEXT, 12);

    List<Future<Invocation>> invocations = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String payload = "{\"i\":" + i + "}";
      invocations.add(pool.submit(() -> lambda.invoke(payload, WAIT)));
    }
    Set<String> payloads = new HashSet<>();
    for (Future<HttpResponse<byte[]>> poll : polls) {
      HttpResponse<byte[]> event = poll.get(5, TimeUnit.SECONDS);
      payloads.add(WireClient.text(event));
      String id = event.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
      assertThat(post("/invocation/" + id + "/response", WireClient.text(event)).statusCode()).isEqualTo(202);
    }

    assertThat(payloads).hasSize(12);
    for (Future<Invocation> invocation : invocations) {
      assertThat(invocation.get(5, TimeUnit.SECONDS).status()).isEqualTo(Invocation.Status.SUCCESS);
    }
  }

  @Test
  void unknownPathsAndMethods_404And405() throws Exception {
    start(LambdaRuntimeEmulator.start());

    assertThat(http.get("/2018-06-01/runtime/nothing").statusCode()).isEqualTo(404);
    assertThat(http.get("/2018-06-01/runtime/invocation/x/other").statusCode()).isEqualTo(404);
    assertRuntimeError(post("/invocation/next", ""), 405, "MethodNotAllowed");
    assertRuntimeError(http.get("/2018-06-01/runtime/init/error"), 405, "MethodNotAllowed");
  }

  @Test
  void close_dropsParkedPolls_failsWaitingInvocations_releasesThreads() throws Exception {
    start(LambdaRuntimeEmulator.start());
    Future<HttpResponse<byte[]>> parked = pool.submit(() -> http.get(NEXT));
    awaitRequests(NEXT, 1);
    LambdaRuntimeEmulator other = LambdaRuntimeEmulator.start();
    Future<Invocation> waiting = pool.submit(() -> other.invoke("{}", WAIT));
    while (other.toString().contains(" 0 queued")) {
      Thread.sleep(5);
    }

    lambda.close();
    other.close();

    assertThatThrownBy(() -> parked.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> other.invoke("{}", WAIT)).isInstanceOf(IllegalStateException.class);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (workerThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(workerThreads()).isZero();
  }

  private static long workerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("lambda-runtime-emulator-"))
        .count();
  }
}

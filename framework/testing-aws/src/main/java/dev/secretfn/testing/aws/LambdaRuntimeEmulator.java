package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Lambda Runtime API (version 2018-06-01) on 127.0.0.1 and an ephemeral port, for running a function on the
 * real runtime interface client ({@code aws-lambda-java-runtime-interface-client}) in tests: the test plays
 * Lambda's part, queueing invocations and reading what the runtime answered. For tests and the local launcher
 * only; never part of a function.
 *
 * <pre>{@code
 * try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
 *   // java -cp ... com.amazonaws.services.lambda.runtime.api.client.AWSLambda pkg.Handler::handleRequest
 *   // with AWS_LAMBDA_RUNTIME_API=lambda.hostAndPort()
 *   Invocation first = lambda.invoke("\"ping\"", Duration.ofSeconds(10));
 *   assertThat(first.status()).isEqualTo(Invocation.Status.SUCCESS);
 *   assertThat(first.body()).isEqualTo("\"pong\"");
 * }
 * }</pre>
 *
 * <p>Served, under {@code /2018-06-01/runtime}:
 * <ul>
 *   <li>{@code GET /invocation/next}: parks until an invocation is queued ({@link #invoke}), then answers 200
 *       with the event as body ({@code Content-Type: application/json}) and the headers {@code
 *       Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms} (epoch milliseconds), {@code
 *       Lambda-Runtime-Invoked-Function-Arn} and {@code Lambda-Runtime-Trace-Id}. Any number of runtime loops
 *       may poll at once ({@code AWS_LAMBDA_MAX_CONCURRENCY}); each invocation goes to exactly one of them.
 *   <li>{@code POST /invocation/{id}/response} and {@code POST /invocation/{id}/error} (with {@code
 *       Lambda-Runtime-Function-Error-Type}): 202 {@code {"status":"OK"}}, and {@link #invoke} returns. An id
 *       never handed out, or one already answered, gets 400 {@code InvalidRequestID}; one whose {@link #invoke}
 *       timed out gets 410 {@code InvokeTimeout}.
 *   <li>{@code POST /init/error}: 202, kept for {@link #awaitInitError}; waiting {@link #invoke} calls fail. Once
 *       the runtime has asked for an invocation, 403 {@code InvalidStateTransition}.
 *   <li>{@code GET /restore/next} (SnapStart, {@link #startSnapStart}): the runtime has run its {@code
 *       beforeCheckpoint} hooks and this is where Lambda would take the snapshot; it parks until the test calls
 *       {@link #restore()}, then answers 200 (empty body), and the runtime runs its {@code afterRestore} hooks.
 *       Without SnapStart, or a second time, 403 {@code InvalidStateTransition}.
 *   <li>{@code POST /restore/error}: 202, kept for {@link #awaitRestoreError}.
 * </ul>
 * Errors have the Runtime API's JSON shape {@code {"errorMessage": ..., "errorType": ...}}; unknown paths get
 * 404. Every request is recorded in arrival order ({@link #requests()}), so a test can check, for example, that
 * {@code /restore/next} came before the first {@code /invocation/next}.
 *
 * <p>Thread-safe. {@link #close()} stops the server at once, drops parked requests and fails waiting {@link
 * #invoke} calls; it is needed, because the server's dispatcher thread is not a daemon thread.
 */
public final class LambdaRuntimeEmulator implements AutoCloseable {
  /** The function name in {@link #functionArn()}; give the runtime {@code AWS_LAMBDA_FUNCTION_NAME} to match. */
  public static final String FUNCTION_NAME = "secretfn-function";

  private static final String BASE = "/2018-06-01/runtime";
  private static final String INVOCATION = BASE + "/invocation/";
  private static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";

  private final boolean snapStart;
  private final HttpEmulator http;
  private final SecureRandom random = new SecureRandom();
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Map<String, Pending> handedOut = new ConcurrentHashMap<>();
  private final Map<String, Boolean> finished = new ConcurrentHashMap<>(); // id -> timed out
  private final AtomicBoolean polled = new AtomicBoolean();
  private final AtomicReference<ReportedError> initError = new AtomicReference<>();
  private final AtomicReference<ReportedError> restoreError = new AtomicReference<>();
  private final CountDownLatch initErrorReported = new CountDownLatch(1);
  private final CountDownLatch restoreErrorReported = new CountDownLatch(1);
  private final CountDownLatch checkpointReached = new CountDownLatch(1);
  private final CountDownLatch restored = new CountDownLatch(1);
  private final AtomicBoolean restoreAnswered = new AtomicBoolean();
  private volatile boolean closed;

  private LambdaRuntimeEmulator(boolean snapStart) {
    this.snapStart = snapStart;
    this.http = HttpEmulator.startLongPolling("lambda-runtime-emulator", new Api());
  }

  /** Starts the Runtime API of an on-demand function: the runtime initializes, then polls for invocations. */
  public static LambdaRuntimeEmulator start() {
    return new LambdaRuntimeEmulator(false);
  }

  /**
   * Starts the Runtime API of a SnapStart function: the runtime (started with {@code
   * AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) initializes, calls {@code /restore/next}, and is restored when
   * the test calls {@link #restore()}.
   */
  public static LambdaRuntimeEmulator startSnapStart() {
    return new LambdaRuntimeEmulator(true);
  }

  /** The value for {@code AWS_LAMBDA_RUNTIME_API}: {@code 127.0.0.1:PORT}. */
  public String hostAndPort() {
    return "127.0.0.1:" + http.port();
  }

  /** The ARN sent as {@code Lambda-Runtime-Invoked-Function-Arn}. */
  public String functionArn() {
    return "arn:aws:lambda:" + AwsKmsApi.REGION + ":" + AwsKmsApi.ACCOUNT + ":function:" + FUNCTION_NAME;
  }

  /**
   * Queues an invocation with {@code payload} as its event and waits until the runtime answers it on {@code
   * /response} or {@code /error}. The deadline the runtime sees ({@code Lambda-Runtime-Deadline-Ms}) is now
   * plus {@code timeout}.
   *
   * @throws TimeoutException if no answer came within {@code timeout}; a late answer then gets 410
   * @throws IllegalStateException if the runtime reported an init error, or the emulator was closed
   */
  public Invocation invoke(String payload, Duration timeout) throws InterruptedException, TimeoutException {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(timeout, "timeout");
    if (closed) {
      throw new IllegalStateException("the Lambda runtime emulator is closed");
    }
    Pending pending = new Pending(UUID.randomUUID().toString(), payload.getBytes(StandardCharsets.UTF_8),
        Instant.now().plus(timeout).toEpochMilli());
    ReportedError failedInit = initError.get();
    if (failedInit != null) {
      throw initFailed(failedInit);
    }
    queue.add(pending);
    failedInit = initError.get();
    if (failedInit != null) { // reported while this invocation was being queued
      queue.remove(pending);
      throw initFailed(failedInit);
    }
    try {
      return pending.answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw (IllegalStateException) e.getCause();
    } catch (TimeoutException e) {
      queue.remove(pending);
      handedOut.remove(pending.requestId);
      finished.put(pending.requestId, Boolean.TRUE);
      throw new TimeoutException("no answer to invocation " + pending.requestId + " within " + timeout + " ("
          + (pending.delivered ? "the runtime took it from /invocation/next" : "no runtime asked for it") + ")");
    }
  }

  /**
   * Waits up to {@code timeout} for the runtime to report an init error ({@code POST /init/error}), as it does
   * when the handler cannot be loaded or its constructor throws; empty if none came.
   */
  public Optional<ReportedError> awaitInitError(Duration timeout) throws InterruptedException {
    initErrorReported.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return Optional.ofNullable(initError.get());
  }

  /** Waits up to {@code timeout} for a {@code POST /restore/error} (an {@code afterRestore} hook threw). */
  public Optional<ReportedError> awaitRestoreError(Duration timeout) throws InterruptedException {
    restoreErrorReported.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return Optional.ofNullable(restoreError.get());
  }

  /**
   * Waits up to {@code timeout} for a SnapStart runtime to reach the snapshot point (its {@code GET
   * /restore/next}, after its {@code beforeCheckpoint} hooks); returns whether it did.
   */
  public boolean awaitCheckpoint(Duration timeout) throws InterruptedException {
    return checkpointReached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Restores the SnapStart runtime: answers its parked {@code /restore/next}, or the next one if it has not
   * come yet. Idempotent.
   *
   * @throws IllegalStateException if this emulator was not started with {@link #startSnapStart}
   */
  public void restore() {
    if (!snapStart) {
      throw new IllegalStateException("restore() needs an emulator from startSnapStart()");
    }
    restored.countDown();
  }

  /** Every request received so far, oldest first. */
  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** Stops the server at once, drops parked requests, fails waiting {@link #invoke} calls; idempotent. */
  @Override
  public void close() {
    closed = true;
    http.close();
    IllegalStateException closedError = new IllegalStateException("the Lambda runtime emulator was closed");
    List<Pending> waiting = new ArrayList<>(queue);
    waiting.addAll(handedOut.values());
    for (Pending p : waiting) {
      p.answer.completeExceptionally(closedError);
    }
  }

  @Override
  public String toString() {
    return "LambdaRuntimeEmulator[" + hostAndPort() + (snapStart ? ", SnapStart" : "") + ", " + queue.size()
        + " queued, " + handedOut.size() + " in progress]";
  }

  private IllegalStateException initFailed(ReportedError error) {
    return new IllegalStateException("the runtime reported an init error: " + error);
  }

  private String traceId() {
    byte[] root = new byte[12];
    byte[] parent = new byte[8];
    random.nextBytes(root);
    random.nextBytes(parent);
    return "Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-" + HexFormat.of().formatHex(root)
        + ";Parent=" + HexFormat.of().formatHex(parent) + ";Sampled=0";
  }

  /** A queued or handed-out invocation. */
  private static final class Pending {
    final String requestId;
    final byte[] payload;
    final long deadlineMillis;
    final CompletableFuture<Invocation> answer = new CompletableFuture<>();
    volatile boolean delivered;

    Pending(String requestId, byte[] payload, long deadlineMillis) {
      this.requestId = requestId;
      this.payload = payload;
      this.deadlineMillis = deadlineMillis;
    }
  }

  /** The answer the runtime gave to one invocation. Immutable. */
  public static final class Invocation {
    /** How the runtime answered. */
    public enum Status {
      /** {@code POST /invocation/{id}/response}. */
      SUCCESS,
      /** {@code POST /invocation/{id}/error}. */
      ERROR
    }

    private final String requestId;
    private final Status status;
    private final String body;
    private final ReportedError error;

    private Invocation(String requestId, Status status, String body, ReportedError error) {
      this.requestId = requestId;
      this.status = status;
      this.body = body;
      this.error = error;
    }

    /** The id sent as {@code Lambda-Runtime-Aws-Request-Id}. */
    public String requestId() {
      return requestId;
    }

    public Status status() {
      return status;
    }

    /** The body the runtime posted (UTF-8): the handler's serialized result, or the error document. */
    public String body() {
      return body;
    }

    /** The error the runtime reported; present exactly when {@link #status()} is {@code ERROR}. */
    public Optional<ReportedError> error() {
      return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
      return "Invocation[" + requestId + ", " + status + (error == null ? "" : ", " + error) + "]";
    }
  }

  /**
   * An error the runtime reported to {@code /init/error}, {@code /restore/error} or {@code
   * /invocation/{id}/error}: the {@code Lambda-Runtime-Function-Error-Type} header and the Lambda error document
   * {@code {"errorMessage", "errorType", "stackTrace"}}. Immutable.
   */
  public static final class ReportedError {
    private final Optional<String> runtimeErrorType;
    private final Optional<String> errorType;
    private final Optional<String> errorMessage;
    private final List<String> stackTrace;
    private final String body;

    private ReportedError(Optional<String> runtimeErrorType, String body) {
      this.runtimeErrorType = runtimeErrorType;
      this.body = body;
      Map<String, Object> document = Map.of();
      try {
        document = Json.parseObject(body);
      } catch (MalformedJsonException e) {
        // Not the Lambda error format: only the raw body and the header are known.
      }
      this.errorType = stringField(document, "errorType");
      this.errorMessage = stringField(document, "errorMessage");
      List<String> trace = new ArrayList<>();
      if (document.get("stackTrace") instanceof List) {
        for (Object frame : (List<?>) document.get("stackTrace")) {
          trace.add(String.valueOf(frame));
        }
      }
      this.stackTrace = List.copyOf(trace);
    }

    private static Optional<String> stringField(Map<String, Object> document, String name) {
      Object value = document.get(name);
      return value instanceof String ? Optional.of((String) value) : Optional.empty();
    }

    /** The {@code Lambda-Runtime-Function-Error-Type} header, e.g. {@code Runtime.BadFunctionCode}. */
    public Optional<String> runtimeErrorType() {
      return runtimeErrorType;
    }

    /** The document's {@code errorType}, for the Java client the exception's class name. */
    public Optional<String> errorType() {
      return errorType;
    }

    /** The document's {@code errorMessage}. */
    public Optional<String> errorMessage() {
      return errorMessage;
    }

    /** The document's {@code stackTrace}; empty when absent. */
    public List<String> stackTrace() {
      return stackTrace;
    }

    /** The body exactly as posted (UTF-8). */
    public String body() {
      return body;
    }

    @Override
    public String toString() {
      return "ReportedError[" + runtimeErrorType.orElse("no error type header") + ", "
          + errorType.orElse("no errorType") + ": " + errorMessage.orElse("no errorMessage") + "]";
    }
  }

  private final class Api implements HttpEmulator.Service {
    @Override
    public Reply serve(RecordedRequest request) throws InterruptedException {
      String path = request.path();
      String method = request.method();
      if (path.equals(INVOCATION + "next")) {
        return method.equals("GET") ? next() : notAllowed();
      } else if (path.equals(BASE + "/init/error")) {
        return method.equals("POST") ? initError(request) : notAllowed();
      } else if (path.equals(BASE + "/restore/next")) {
        return method.equals("GET") ? restoreNext() : notAllowed();
      } else if (path.equals(BASE + "/restore/error")) {
        return method.equals("POST") ? restoreError(request) : notAllowed();
      } else if (path.startsWith(INVOCATION)) {
        String rest = path.substring(INVOCATION.length());
        int slash = rest.indexOf('/');
        String verb = slash < 0 ? "" : rest.substring(slash + 1);
        if (slash > 0 && (verb.equals("response") || verb.equals("error"))) {
          return method.equals("POST") ? answer(request, rest.substring(0, slash), verb.equals("error"))
              : notAllowed();
        }
      }
      return Reply.bytes(404, "text/plain; charset=utf-8", "404 page not found\n".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Reply failure(RecordedRequest request, int httpStatus) {
      return error(httpStatus, httpStatus >= 500 ? "InternalServerError" : "EmulatorFailure",
          "Failure planned by the emulator's knobs");
    }

    private Reply next() throws InterruptedException {
      if (snapStart && restored.getCount() > 0) {
        return invalidState("the runtime asked for an invocation before it was restored (/restore/next)");
      }
      polled.set(true);
      Pending pending = queue.take();
      pending.delivered = true;
      handedOut.put(pending.requestId, pending);
      return Reply.bytes(200, "application/json", pending.payload)
          .header("Lambda-Runtime-Aws-Request-Id", pending.requestId)
          .header("Lambda-Runtime-Deadline-Ms", String.valueOf(pending.deadlineMillis))
          .header("Lambda-Runtime-Invoked-Function-Arn", functionArn())
          .header("Lambda-Runtime-Trace-Id", traceId());
    }

    private Reply answer(RecordedRequest request, String requestId, boolean isError) {
      Pending pending = handedOut.remove(requestId);
      if (pending == null) {
        if (Boolean.TRUE.equals(finished.get(requestId))) {
          return error(410, "InvokeTimeout", "Invoke timeout");
        }
        return error(400, "InvalidRequestID", "Invalid request ID");
      }
      finished.put(requestId, Boolean.FALSE);
      String body = request.bodyUtf8();
      ReportedError error = isError ? new ReportedError(request.header(ERROR_TYPE_HEADER), body) : null;
      pending.answer.complete(new Invocation(requestId, isError ? Invocation.Status.ERROR
          : Invocation.Status.SUCCESS, body, error));
      return accepted();
    }

    private Reply initError(RecordedRequest request) {
      if (polled.get()) {
        return invalidState("/init/error after the runtime asked for an invocation");
      }
      ReportedError error = new ReportedError(request.header(ERROR_TYPE_HEADER), request.bodyUtf8());
      if (initError.compareAndSet(null, error)) {
        initErrorReported.countDown();
        for (Pending p : new ArrayList<>(queue)) {
          p.answer.completeExceptionally(initFailed(error));
        }
      }
      return accepted();
    }

    private Reply restoreNext() throws InterruptedException {
      if (!snapStart) {
        return invalidState("/restore/next, but this function does not use SnapStart (use startSnapStart())");
      }
      if (!restoreAnswered.compareAndSet(false, true)) {
        return invalidState("/restore/next a second time");
      }
      checkpointReached.countDown();
      restored.await();
      return Reply.empty(200);
    }

    private Reply restoreError(RecordedRequest request) {
      ReportedError error = new ReportedError(request.header(ERROR_TYPE_HEADER), request.bodyUtf8());
      if (restoreError.compareAndSet(null, error)) {
        restoreErrorReported.countDown();
      }
      return accepted();
    }
  }

  private static Reply accepted() {
    return Reply.json(202, Map.of("status", "OK"));
  }

  private static Reply notAllowed() {
    return error(405, "MethodNotAllowed", "Method not allowed");
  }

  private static Reply invalidState(String what) {
    return error(403, "InvalidStateTransition", "State transition failed: " + what);
  }

  private static Reply error(int status, String type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errorMessage", message);
    body.put("errorType", type);
    return Reply.json(status, body);
  }
}

package dev.secretfn.testing.aws;

import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.ReportedError;
import dev.secretfn.testing.emulator.HttpEmulator;
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
 * The Lambda Runtime API behind {@link LambdaRuntimeEmulator}: the invocation queue and the invocations handed
 * out, the init and restore errors, the SnapStart checkpoint, and the answers and errors in the Runtime API's
 * words. Thread-safe; parked requests give up when their worker thread is interrupted.
 */
final class LambdaRuntimeApi implements HttpEmulator.Service {
  /** The ARN sent as {@code Lambda-Runtime-Invoked-Function-Arn}. */
  static final String FUNCTION_ARN = "arn:aws:lambda:" + AwsKmsApi.REGION + ":" + AwsKmsApi.ACCOUNT + ":function:"
      + LambdaRuntimeEmulator.FUNCTION_NAME;
  private static final String BASE = "/2018-06-01/runtime";
  private static final String INVOCATION = BASE + "/invocation/";
  private static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";

  private final boolean snapStart;
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

  LambdaRuntimeApi(boolean snapStart) {
    this.snapStart = snapStart;
  }

  /** See {@link LambdaRuntimeEmulator#invoke}. */
  Invocation invoke(String payload, Duration timeout) throws InterruptedException, TimeoutException {
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

  /** See {@link LambdaRuntimeEmulator#awaitInitError} and the methods after it. */
  Optional<ReportedError> awaitInitError(Duration timeout) throws InterruptedException {
    initErrorReported.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return Optional.ofNullable(initError.get());
  }

  Optional<ReportedError> awaitRestoreError(Duration timeout) throws InterruptedException {
    restoreErrorReported.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return Optional.ofNullable(restoreError.get());
  }

  boolean awaitCheckpoint(Duration timeout) throws InterruptedException {
    return checkpointReached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** See {@link LambdaRuntimeEmulator#restore}. */
  void restore() {
    if (!snapStart) {
      throw new IllegalStateException("restore() needs an emulator from startSnapStart()");
    }
    restored.countDown();
  }

  /** Fails waiting {@link #invoke} calls, and refuses new ones; the server is closed by then. */
  void close() {
    closed = true;
    IllegalStateException closedError = new IllegalStateException("the Lambda runtime emulator was closed");
    List<Pending> waiting = new ArrayList<>(queue);
    waiting.addAll(handedOut.values());
    for (Pending p : waiting) {
      p.answer.completeExceptionally(closedError);
    }
  }

  @Override
  public String toString() {
    return (snapStart ? "SnapStart, " : "") + queue.size() + " queued, " + handedOut.size() + " in progress";
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
        .header("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN)
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

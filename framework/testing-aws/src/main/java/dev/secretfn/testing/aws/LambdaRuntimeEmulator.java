package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;


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

  private final LambdaRuntimeApi api;
  private final HttpEmulator http;

  private LambdaRuntimeEmulator(boolean snapStart) {
    this.api = new LambdaRuntimeApi(snapStart);
    this.http = HttpEmulator.startLongPolling("lambda-runtime-emulator", api);
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
    return LambdaRuntimeApi.FUNCTION_ARN;
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
    return api.invoke(payload, timeout);
  }

  /**
   * Waits up to {@code timeout} for the runtime to report an init error ({@code POST /init/error}), as it does
   * when the handler cannot be loaded or its constructor throws; empty if none came.
   */
  public Optional<ReportedError> awaitInitError(Duration timeout) throws InterruptedException {
    return api.awaitInitError(timeout);
  }

  /** Waits up to {@code timeout} for a {@code POST /restore/error} (an {@code afterRestore} hook threw). */
  public Optional<ReportedError> awaitRestoreError(Duration timeout) throws InterruptedException {
    return api.awaitRestoreError(timeout);
  }

  /**
   * Waits up to {@code timeout} for a SnapStart runtime to reach the snapshot point (its {@code GET
   * /restore/next}, after its {@code beforeCheckpoint} hooks); returns whether it did.
   */
  public boolean awaitCheckpoint(Duration timeout) throws InterruptedException {
    return api.awaitCheckpoint(timeout);
  }

  /**
   * Restores the SnapStart runtime: answers its parked {@code /restore/next}, or the next one if it has not
   * come yet. Idempotent.
   *
   * @throws IllegalStateException if this emulator was not started with {@link #startSnapStart}
   */
  public void restore() {
    api.restore();
  }

  /** Every request received so far, oldest first. */
  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** Stops the server at once, drops parked requests, fails waiting {@link #invoke} calls; idempotent. */
  @Override
  public void close() {
    http.close();
    api.close();
  }

  @Override
  public String toString() {
    return "LambdaRuntimeEmulator[" + hostAndPort() + ", " + api + "]";
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

    Invocation(String requestId, Status status, String body, ReportedError error) {
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

    ReportedError(Optional<String> runtimeErrorType, String body) {
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
}

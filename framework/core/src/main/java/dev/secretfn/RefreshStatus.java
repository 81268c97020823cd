package dev.secretfn;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the refreshing of one {@link Refreshing} secret is going: when its value was last read from the store,
 * the last failure, how many refreshes in a row have failed, whether one is running. An immutable snapshot
 * taken by {@link Refreshing#status()}; it holds no secret material, and {@link #toString()} shows none.
 *
 * <pre>{@code
 * RefreshStatus status = dbPass.status();
 * if (status.consecutiveFailures() > 0) {
 *   health.degraded("DB_PASS has not refreshed since " + status.lastSuccess() + ": "
 *       + status.lastFailure().map(RefreshStatus.Failure::message).orElse(""));
 * }
 * }</pre>
 */
public final class RefreshStatus {
  private final String variable;
  private final Instant lastSuccess;
  private final Optional<Failure> lastFailure;
  private final int consecutiveFailures;
  private final boolean running;

  RefreshStatus(String variable, Instant lastSuccess, Optional<Failure> lastFailure, int consecutiveFailures,
      boolean running) {
    this.variable = variable;
    this.lastSuccess = lastSuccess;
    this.lastFailure = lastFailure;
    this.consecutiveFailures = consecutiveFailures;
    this.running = running;
  }

  /** The environment variable. */
  public String variable() {
    return variable;
  }

  /** When the value now served was last read from the store successfully: at start-up, or by a refresh. */
  public Instant lastSuccess() {
    return lastSuccess;
  }

  /** The most recent failed refresh, if any refresh ever failed; kept after a later success. */
  public Optional<Failure> lastFailure() {
    return lastFailure;
  }

  /** Failed refreshes since the last success; 0 when the last refresh succeeded (or none ran yet). */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /** Whether a refresh was running when this snapshot was taken. */
  public boolean isRefreshing() {
    return running;
  }

  /** Names the variable and the times, never a value. */
  @Override
  public String toString() {
    return "RefreshStatus[" + variable + ", last success " + lastSuccess
        + (consecutiveFailures > 0 ? ", " + consecutiveFailures + " failed in a row" : "")
        + lastFailure.map(f -> ", last failure " + f).orElse("")
        + (running ? ", refreshing" : "") + "]";
  }

  /** One failed refresh: when, at which step, and why (variable, reference, cause, fix; never a value). */
  public static final class Failure {
    private final Instant at;
    private final Step step;
    private final String message;

    Failure(Instant at, Step step, String message) {
      this.at = Objects.requireNonNull(at);
      this.step = Objects.requireNonNull(step);
      this.message = Objects.requireNonNull(message);
    }

    /** When the refresh ended. */
    public Instant at() {
      return at;
    }

    /** The step that failed. */
    public Step step() {
      return step;
    }

    /** What went wrong and how to fix it, as a start-up failure would say it; never a value. */
    public String message() {
      return message;
    }

    @Override
    public String toString() {
      return at + " at " + step + ": " + message;
    }
  }
}

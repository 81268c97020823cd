package dev.secretfn;

import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Fetches one reference for all the variables that share it, retrying transient failures with full-jitter
 * exponential backoff until it succeeds, fails permanently, runs out of attempts or meets the deadline.
 *
 * <p>Runs on one worker thread; the resolver reads the outcome afterwards. The first outcome wins: a fetch
 * that returns after the deadline was declared has its plaintext wiped at once.
 */
final class FetchTask {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final SecretReference reference;
  private final SecretSource source;
  private final ResolverSettings settings;
  private final boolean refresh;
  private final List<String> variables = new ArrayList<>();

  // Guarded by this.
  private boolean done;
  private Secret secret;
  private SourceException error;
  private String unexpected;
  private int attempts;
  private boolean timedOut;
  private SourceException lastTransient;

  FetchTask(SecretReference reference, SecretSource source, ResolverSettings settings, boolean refresh) {
    this.reference = reference;
    this.source = source;
    this.settings = settings;
    this.refresh = refresh;
  }

  SecretSource source() {
    return source;
  }

  SecretReference reference() {
    return reference;
  }

  void addVariable(String variable) {
    variables.add(variable);
  }

  void run(long deadlineNanos) {
    for (int attempt = 1; ; attempt++) {
      synchronized (this) {
        attempts = attempt;
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        return; // markUnfinished reports the deadline
      }
      try {
        Secret fetched = source.fetch(Fetch.of(reference, variables, Duration.ofNanos(remaining), attempt));
        if (fetched == null) {
          failUnexpectedly(new NullPointerException("fetch returned null"));
          return;
        }
        succeed(fetched);
        return;
      } catch (SourceException e) {
        if (e.isRetryable() && System.nanoTime() - deadlineNanos >= 0) {
          // A client timeout set from the time left fired with the deadline: report the deadline, whichever
          // of the two came first, with this as the last error.
          noteTransient(e);
          return;
        }
        if (!e.isRetryable() || attempt >= settings.maxAttempts()) {
          fail(e);
          return;
        }
        long delay = backoffNanos(attempt);
        if (System.nanoTime() + delay >= deadlineNanos) {
          fail(e);
          return;
        }
        LOG.log(Level.DEBUG, () -> "secretfn: retrying " + reference.describe() + " after a transient "
            + e.step() + " failure (attempt " + attempts() + " of " + settings.maxAttempts() + "): "
            + e.getMessage());
        try {
          TimeUnit.NANOSECONDS.sleep(delay);
        } catch (InterruptedException interrupted) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | LinkageError e) {
        failUnexpectedly(e);
        return;
      } catch (Error e) {
        failUnexpectedly(e);
        throw e;
      }
    }
  }

  /** Full jitter: uniform in [0, min(max, initial * 2^(attempt-1))]. */
  private long backoffNanos(int attempt) {
    long ceiling = settings.initialBackoff().toNanos() << Math.min(attempt - 1, 20);
    ceiling = Math.min(ceiling, settings.maxBackoff().toNanos());
    return ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  private synchronized void succeed(Secret fetched) {
    if (done) {
      fetched.wipe();
      return;
    }
    done = true;
    secret = fetched;
  }

  private synchronized void noteTransient(SourceException e) {
    lastTransient = e;
  }

  private synchronized void fail(SourceException e) {
    if (!done) {
      done = true;
      error = e;
    }
  }

  private synchronized void failUnexpectedly(Throwable e) {
    if (!done) {
      done = true;
      // A linkage error names the missing class (a dependency left out of the deployment), never a value.
      unexpected = "the " + reference.scheme() + " source failed unexpectedly with " + e.getClass().getName()
          + (e instanceof LinkageError ? ": " + e.getMessage() : "");
    }
  }

  private synchronized int attempts() {
    return attempts;
  }

  /** Called after the workers stopped or the deadline passed: whatever has no outcome timed out. */
  synchronized void markUnfinished(long deadlineNanos) {
    if (!done) {
      done = true;
      timedOut = true;
    }
  }

  /** The fetched secret, or null if the fetch did not succeed. The caller must not wipe it. */
  synchronized Secret secret() {
    return secret;
  }

  /** Why the fetch did not succeed, as seen by {@code variable}; only when {@link #secret()} is null. */
  synchronized Failure failure(String variable, SecretReference asReferenced) {
    Optional<String> described = Optional.of(asReferenced.describe());
    if (timedOut) {
      return new Failure(variable, described, Step.FETCH,
          "did not finish within the " + settings.deadline().toMillis() + " ms " + (refresh ? "refresh" : "start-up")
              + " deadline (attempt " + attempts
              + (lastTransient == null ? "" : "; last error: " + lastTransient.getMessage()) + ")",
          Optional.of("check that the function can reach the service (network egress, VPC connector) or raise"
              + (refresh ? " refreshDeadline" : " the deadline") + " in ResolverSettings"), true);
    }
    if (unexpected != null) {
      return new Failure(variable, described, Step.FETCH, unexpected, Optional.empty(), false);
    }
    String cause = error.getMessage()
        + (attempts > 1 ? " (after " + attempts + " attempts)" : "");
    return new Failure(variable, described, error.step(), cause, error.hint(), error.isRetryable());
  }

  synchronized void wipe() {
    if (secret != null) {
      secret.wipe();
    }
  }
}

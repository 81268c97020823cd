package dev.secretfn.aws.ssm;

import dev.secretfn.Step;
import dev.secretfn.aws.ssm.internal.GetParametersAnswer;
import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Up to ten parameters whose fetches share {@code GetParameters} calls. The first fetch to arrive makes the call,
 * for every member not yet settled; the others wait for its answer, each bounded by its own time left. A fetch
 * whose member already had the current call's answer (a retry after a retryable failure) makes the next call,
 * which the other members still retrying join: retries coalesce, and no fetch makes more than one call of its own.
 * A permanent failure of a shared call (access denied, say) is not blamed on every member: each then asks alone,
 * once, so that each variable gets its own verdict. Thread-safe.
 */
final class SsmBatch {
  private final List<String> selectors;
  // Guarded by this.
  private final Set<String> settled = new HashSet<>();
  private final List<Round> rounds = new ArrayList<>();
  private Round current;

  SsmBatch(List<String> selectors) {
    this.selectors = List.copyOf(selectors);
  }

  /** How one call is made (the transport, with the region). */
  interface Call {
    GetParametersAnswer make(List<String> selectors, Duration timeout) throws SourceException, InterruptedException;
  }

  /**
   * One attempt for {@code selector}: its value, which the caller owns and wipes.
   *
   * @throws SourceException when the attempt failed: the shared call failed, or the answer listed the selector
   *     as invalid (through {@code invalid})
   */
  byte[] fetch(String selector, Duration timeout, Call call, Invalid invalid)
      throws SourceException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Round round;
    boolean mine;
    synchronized (this) {
      if (current != null && current.selectors.contains(selector) && !current.consumed.contains(selector)) {
        round = current;
        mine = false;
      } else {
        List<String> pending = new ArrayList<>();
        for (String s : selectors) {
          if (s.equals(selector) || !settled.contains(s)) {
            pending.add(s);
          }
        }
        round = new Round(pending);
        rounds.add(round);
        current = round;
        mine = true;
      }
      round.consumed.add(selector);
    }
    if (mine) {
      round.run(call, timeout);
    }
    byte[] value;
    try {
      value = round.outcome(selector, deadline, invalid);
    } catch (SourceException e) {
      if (e.isRetryable()) {
        throw e;
      }
      if (round.splits(e)) {
        // The whole call was refused: ask for this member alone, so that the refusal lands where it belongs.
        value = alone(selector, Duration.ofNanos(deadline - System.nanoTime()), call, invalid);
      } else {
        settle(selector);
        throw e;
      }
    }
    settle(selector);
    return value;
  }

  /** One call for {@code selector} only, outside any batch. */
  static byte[] alone(String selector, Duration timeout, Call call, Invalid invalid)
      throws SourceException, InterruptedException {
    Round round = new Round(List.of(selector));
    round.run(call, timeout);
    try {
      return round.outcome(selector, System.nanoTime() + timeout.toNanos(), invalid);
    } finally {
      round.wipe();
    }
  }

  /** Wipes every value no fetch took (fetches abandoned at the deadline). */
  synchronized void wipe() {
    rounds.forEach(Round::wipe);
  }

  private synchronized void settle(String selector) {
    settled.add(selector);
  }

  @Override
  public synchronized String toString() {
    return "SsmBatch[" + selectors.size() + " parameters, " + rounds.size() + " calls]";
  }

  /** The failure of a selector the answer listed among its InvalidParameters. */
  interface Invalid {
    SourceException of(String selector);
  }

  /** One shared call and its outcome. */
  private static final class Round {
    final List<String> selectors;
    /** Guarded by the batch: the members that took (or are taking) this call's outcome. */
    final Set<String> consumed = new HashSet<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile GetParametersAnswer answer;
    private volatile SourceException failure;

    Round(List<String> selectors) {
      this.selectors = selectors;
    }

    void run(Call call, Duration timeout) throws InterruptedException {
      try {
        answer = call.make(selectors, timeout);
      } catch (SourceException e) {
        failure = e;
      } catch (InterruptedException e) {
        failure = SourceException.retryable(Step.FETCH, "the shared GetParameters call was interrupted at the"
            + " start-up deadline");
        throw e;
      } catch (RuntimeException | Error e) {
        failure = SourceException.retryable(Step.FETCH, "the shared GetParameters call failed unexpectedly: "
            + e.getClass().getName());
        throw e;
      } finally {
        done.countDown();
      }
    }

    byte[] outcome(String selector, long deadlineNanos, Invalid invalid)
        throws SourceException, InterruptedException {
      if (!done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw SourceException.retryable(Step.FETCH, "the shared GetParameters call for " + selector + " and "
            + (selectors.size() - 1) + " other parameters did not answer within the time left before the start-up"
            + " deadline");
      }
      if (failure != null) {
        throw failure;
      }
      Optional<byte[]> value = answer.take(selector);
      if (value.isPresent()) {
        return value.get();
      }
      if (answer.invalid(selector)) {
        throw invalid.of(selector);
      }
      throw SourceException.retryable(Step.FETCH, "SSM answered GetParameters without " + selector + " in"
          + " Parameters or InvalidParameters");
    }

    /** Whether a failure of this call is the whole call's and should be asked again member by member. */
    boolean splits(SourceException e) {
      return selectors.size() > 1 && failure == e && e.step() != Step.SOURCE_SETUP;
    }

    void wipe() {
      GetParametersAnswer a = answer;
      if (a != null) {
        a.wipe();
      }
    }
  }
}

package dev.secretfn;

import dev.secretfn.SecretResolutionException.Failure;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The refreshing variables that read one fetched reference (whole, or two {@code #field}s of one secret): they
 * refresh together, with one fetch, by re-resolving their declarations with the start-up resolver against an
 * environment holding only their start-up values, so that parsing, field selection, text checks, retries and
 * messages are those of start-up.
 *
 * <p>At most one refresh of a group runs at a time: {@link #start()} either starts it or returns the one running.
 * Reads ({@link Slot#value}) take no lock and never wait.
 */
final class RefreshGroup {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** After a failed refresh, reads start the next one no sooner than this, doubling per failure up to the age. */
  private static final long FIRST_RETRY_NANOS = 5_000_000_000L;

  private final RefreshEngine engine;
  private final String reference;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final List<SecretDeclaration> declarations = new ArrayList<>();
  private final Map<String, String> startValues = new HashMap<>();
  private final AtomicReference<CompletableFuture<Void>> running = new AtomicReference<>();
  /** Reads do not start a refresh before this (nanoTime), after a failure. */
  private volatile long retryNotBefore;
  private volatile boolean closed;

  // Guarded by this.
  private Instant lastSuccess;
  private RefreshStatus.Failure lastFailure;
  private int consecutiveFailures;
  private Instant streakStart;

  RefreshGroup(RefreshEngine engine, String reference) {
    this.engine = engine;
    this.reference = reference;
    this.lastSuccess = engine.clock.now();
    this.retryNotBefore = engine.clock.nanoTime();
  }

  /** Adds a variable with its start-up value (which the group now owns) and the reference it was set to. */
  void add(SecretDeclaration declaration, String value, Secret resolved) {
    long age = declaration.refreshMaxAge().orElseThrow().toNanos();
    // Each refresher draws its own age in [0.8, 1.0] x the maximum, so instances do not all refresh at once.
    long jittered = age - (long) (age * 0.2 * ThreadLocalRandom.current().nextDouble());
    slots.put(declaration.variable(),
        new Slot(this, declaration.variable(), declaration.isText(), Math.max(1, jittered), resolved,
            engine.clock.nanoTime()));
    declarations.add(declaration.once());
    startValues.put(declaration.variable(), value);
  }

  Map<String, Slot> slots() {
    return slots;
  }

  RefreshClock clock() {
    return engine.clock;
  }

  /** From a read that found its value past its age: starts a refresh unless one runs or a failure is recent. */
  void onStale(long now) {
    if (closed || now - retryNotBefore < 0 || running.get() != null) {
      return;
    }
    start();
  }

  /** Starts a refresh, or returns the one running; the future completes once its values are published. */
  CompletableFuture<Void> start() {
    while (true) {
      CompletableFuture<Void> current = running.get();
      if (current != null) {
        return current;
      }
      CompletableFuture<Void> mine = new CompletableFuture<>();
      if (running.compareAndSet(null, mine)) {
        try {
          engine.executor().execute(() -> run(mine));
        } catch (RejectedExecutionException | OutOfMemoryError e) {
          running.set(null);
          mine.completeExceptionally(e);
        }
        return mine;
      }
    }
  }

  boolean isRunning() {
    return running.get() != null;
  }

  private void run(CompletableFuture<Void> mine) {
    long start = engine.clock.nanoTime();
    SecretResolutionException failure;
    try {
      Map<String, Optional<Secret>> fresh =
          engine.resolver.refresh(declarations, Environment.of(startValues));
      long now = engine.clock.nanoTime();
      for (Map.Entry<String, Slot> entry : slots.entrySet()) {
        entry.getValue().replace(fresh.get(entry.getKey()).orElseThrow(), now);
      }
      succeeded();
      running.set(null);
      mine.complete(null);
      return;
    } catch (SecretResolutionException e) {
      failure = e;
    } catch (RuntimeException | Error e) {
      // The resolver reports what it expects; anything else is named by its class, which quotes no value.
      List<Failure> failures = new ArrayList<>();
      for (String variable : slots.keySet()) {
        failures.add(new Failure(variable, Optional.of(reference), Step.FETCH,
            "the refresh failed unexpectedly with " + e.getClass().getName(), Optional.empty(), false));
      }
      failure = new SecretResolutionException(slots.size(),
          (engine.clock.nanoTime() - start) / 1_000_000, failures, true);
    }
    failed(failure);
    running.set(null);
    mine.completeExceptionally(failure);
  }

  private void succeeded() {
    int failedBefore;
    Instant since;
    synchronized (this) {
      failedBefore = consecutiveFailures;
      since = streakStart;
      lastSuccess = engine.clock.now();
      consecutiveFailures = 0;
      streakStart = null;
    }
    retryNotBefore = engine.clock.nanoTime();
    if (failedBefore > 0) {
      LOG.log(Level.INFO, () -> "secretfn: " + variables() + " refreshed again from " + reference + " after "
          + failedBefore + (failedBefore == 1 ? " failed refresh" : " failed refreshes") + " since " + since);
    } else {
      LOG.log(Level.DEBUG, () -> "secretfn: " + variables() + " refreshed from " + reference);
    }
  }

  private void failed(SecretResolutionException e) {
    Instant now = engine.clock.now();
    boolean first;
    Instant servingSince;
    synchronized (this) {
      first = consecutiveFailures == 0;
      if (first) {
        streakStart = now;
      }
      consecutiveFailures++;
      Failure forVariable = e.failures().get(0);
      lastFailure = new RefreshStatus.Failure(now, forVariable.step(), failureText(e).strip());
      servingSince = lastSuccess;
      long minAge = Long.MAX_VALUE;
      for (Slot slot : slots.values()) {
        minAge = Math.min(minAge, slot.ageNanos);
      }
      long delay = Math.min(minAge, FIRST_RETRY_NANOS << Math.min(consecutiveFailures - 1, 16));
      retryNotBefore = engine.clock.nanoTime() + delay;
    }
    if (first) {
      // Once per streak: a store that stays down must not flood the log at every read.
      LOG.log(Level.WARNING, () -> "secretfn: refreshing " + variables() + " failed; the value read at "
          + servingSince + " keeps serving, and further failures are not logged until a refresh succeeds:"
          + failureText(e));
    }
  }

  private static String failureText(SecretResolutionException e) {
    StringBuilder out = new StringBuilder();
    for (Failure f : e.failures()) {
      out.append(out.length() == 0 ? "" : "\n").append(f);
    }
    return e.failures().size() == 1 ? " " + out : "\n" + out;
  }

  synchronized RefreshStatus status(String variable) {
    return new RefreshStatus(variable, lastSuccess, Optional.ofNullable(lastFailure), consecutiveFailures,
        isRunning());
  }

  private String variables() {
    StringJoiner joiner = new StringJoiner(" and ");
    slots.keySet().forEach(joiner::add);
    return joiner.toString();
  }

  /** Wipes every value held; refreshes that end afterwards publish nothing. */
  void wipeAll() {
    closed = true;
    slots.values().forEach(Slot::wipe);
  }

  /** One variable's value and the one before it. */
  static final class Slot {
    final RefreshGroup group;
    final String variable;
    final boolean text;
    final long ageNanos;
    private volatile Value value;
    private volatile Secret previous; // written by the refresh thread only (refreshes of a group never overlap)
    final Refreshing<Secret> secretView;
    final Refreshing<String> stringView;

    Slot(RefreshGroup group, String variable, boolean text, long ageNanos, Secret initial, long now) {
      this.group = group;
      this.variable = variable;
      this.text = text;
      this.ageNanos = ageNanos;
      this.value = new Value(initial, text ? initial.revealString() : null, now);
      this.secretView = new Refreshing<>(this, v -> v.secret);
      this.stringView = text ? new Refreshing<>(this, v -> v.text) : null;
    }

    /** The current value, after starting a refresh if it is past its age; never waits. */
    Value read() {
      Value v = value;
      long now = group.engine.clock.nanoTime();
      if (now - v.fetchedNanos - ageNanos > 0) {
        group.onStale(now);
      }
      return v;
    }

    /** The current value, without the age check. */
    Value peek() {
      return value;
    }

    /**
     * Publishes {@code fresh}. An unchanged value keeps its {@code Secret} (only its age restarts), so that a
     * value a request still holds is not wiped by refreshes that found nothing new. A new value makes the
     * current one the previous (still valid for a request that holds it) and wipes the one before.
     */
    void replace(Secret fresh, long now) {
      Value old = value;
      if (group.closed) {
        fresh.wipe();
        return;
      }
      if (fresh.contentEquals(old.secret)) {
        fresh.wipe();
        value = new Value(old.secret, old.text, now);
        return;
      }
      String freshText = text ? fresh.revealString() : null;
      Secret wipeNow = previous;
      previous = old.secret;
      value = new Value(fresh, freshText, now);
      if (wipeNow != null) {
        wipeNow.wipe();
      }
    }

    void wipe() {
      Value v = value;
      v.secret.wipe();
      Secret p = previous;
      if (p != null) {
        p.wipe();
      }
    }
  }

  /** One published value: the secret, its text if the variable is text, and when it was fetched. */
  static final class Value {
    final Secret secret;
    final String text;
    final long fetchedNanos;

    Value(Secret secret, String text, long fetchedNanos) {
      this.secret = secret;
      this.text = text;
      this.fetchedNanos = fetchedNanos;
    }
  }
}

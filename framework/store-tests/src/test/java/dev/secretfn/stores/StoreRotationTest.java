package dev.secretfn.stores;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Refreshing;
import dev.secretfn.Secret;
import dev.secretfn.stores.RefreshingFunctions.RefreshingFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14's rotation while a function runs, on every store form that can rotate ({@link RotatingStore}), on the
 * lean transports and on the official clients: the function resolves its {@code @Refresh(maxAgeSeconds = 1)}
 * secret at start-up, eight threads read it continuously, the store rotates it while they do, and the
 * emulator answers the refresh that their stale reads start only after {@value #LATENCY_MILLIS} ms. No read
 * blocks on that fetch, none sees anything but the old value or the new one, whole, and every read begun after
 * the refresh's future completed sees the new one; the thousands of reads make one or two store reads.
 */
class StoreRotationTest {
  private static final long LATENCY_MILLIS = 500;
  /** A read is a volatile load and a clock read; the margin is for a busy 2-core machine's scheduler and GC. */
  private static final Duration READ_BOUND = Duration.ofMillis(150);
  private static final int READERS = 8;
  /** How long the readers go on after the new value is published. */
  private static final Duration READS_AFTER = Duration.ofMillis(150);

  static Stream<Arguments> stores() {
    return Arrays.stream(Transport.values()).flatMap(transport -> Arrays.stream(RotatingStore.values())
        .filter(store -> transport == Transport.LEAN || store.hasOfficialTransport())
        .map(store -> Arguments.of(transport, store)));
  }

  private SourceTestbed testbed;

  @AfterEach
  void stop() {
    if (testbed != null) {
      testbed.close();
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("stores")
  void current_storeRotatesUnderLoad_neverBlocksNeverTearsAndServesTheNewValueOnceRefreshed(
      Transport transport, RotatingStore store) throws Exception {
    testbed = store.start();
    String old = testbed.canary("old-" + store.name().toLowerCase());
    String rotated = testbed.canary("rotated-" + store.name().toLowerCase());
    String reference = store.prepare(testbed, old);
    RefreshingFunction function = testbed.track(RefreshingFunctions.create(transport,
        testbed.deployment(Map.of(RefreshingFunctions.VARIABLE, reference))));
    Refreshing<Secret> secret = function.secret(); // start-up: resolves the old value
    assertThat(secret.current().revealString()).isEqualTo(old);
    int readsAtStartUp = store.valueReads(testbed).size();

    store.knobs(testbed).latency(Duration.ofMillis(LATENCY_MILLIS));
    Readers readers = new Readers(secret, old, rotated);
    readers.start();
    readers.awaitReads(200);
    store.rotate(testbed, rotated);

    // The readers' reads turn stale at 0.8 to 1 s of age: one of them starts the refresh, which they all outrun.
    boolean startedByAStaleRead = awaitRefreshing(secret, Duration.ofSeconds(5));
    Secret published = secret.refresh().get(10, TimeUnit.SECONDS); // joins the running refresh
    for (int again = 0; again < 2 && !published.revealString().equals(rotated); again++) {
      // That refresh began over a second before the rotation (a stalled machine): the next one reads it.
      published = secret.refresh().get(10, TimeUnit.SECONDS);
    }
    readers.refreshCompleted.set(true);
    Thread.sleep(READS_AFTER.toMillis());
    readers.stop();

    assertThat(startedByAStaleRead).as("a stale read started a refresh").isTrue();
    assertThat(published.revealString().equals(rotated)).as("the refresh published the rotated value").isTrue();
    assertThat(readers.failures).as("reads that threw").hasValue(0);
    assertThat(readers.torn).as("reads that were neither the old value nor the new one, whole").hasValue(0);
    assertThat(readers.oldAfterRefresh).as("reads begun after the refresh completed that saw the old value")
        .hasValue(0);
    assertThat(readers.afterRefresh.get()).as("reads begun after the refresh completed").isGreaterThan(READERS);
    assertThat(readers.old.get()).as("reads of the old value while the refresh ran").isGreaterThan(0);
    assertThat(Duration.ofNanos(readers.slowestNanos.get())).as("the slowest read")
        .isLessThan(READ_BOUND);
    assertThat(secret.current().revealString()).isEqualTo(rotated);
    int refreshReads = store.valueReads(testbed).size() - readsAtStartUp;
    assertThat(refreshReads).as("store reads for %d reads of the secret", readers.total())
        .isBetween(1, 3);
    assertThat(secret.status().consecutiveFailures()).isZero();
    testbed.assertNoCanaryIn(secret, secret.status(), function.secrets(), function.sources());
  }

  /** Waits until a refresh runs, started by a reader; false if none started in time. */
  private static boolean awaitRefreshing(Refreshing<Secret> secret, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (secret.status().isRefreshing()) {
        return true;
      }
      LockSupport.parkNanos(1_000_000);
    }
    return false;
  }

  /**
   * Threads that call {@link Refreshing#current()} continuously (with a 50 µs pause, so that eight of them on two
   * cores leave the refresh and the emulator some CPU), timing each call and sorting what it returned.
   */
  private static final class Readers {
    private final Refreshing<Secret> secret;
    private final String oldValue;
    private final String newValue;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    final AtomicBoolean refreshCompleted = new AtomicBoolean();
    final AtomicLong slowestNanos = new AtomicLong();
    final AtomicLong old = new AtomicLong();
    final AtomicLong fresh = new AtomicLong();
    final AtomicLong torn = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong afterRefresh = new AtomicLong();
    final AtomicLong oldAfterRefresh = new AtomicLong();

    Readers(Refreshing<Secret> secret, String oldValue, String newValue) {
      this.secret = secret;
      this.oldValue = oldValue;
      this.newValue = newValue;
    }

    void start() {
      for (int i = 0; i < READERS; i++) {
        Thread thread = new Thread(this::readUntilStopped, "rotation-reader-" + i);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
    }

    private void readUntilStopped() {
      while (!stopped.get()) {
        boolean after = refreshCompleted.get();
        try {
          long before = System.nanoTime();
          Secret value = secret.current();
          slowestNanos.accumulateAndGet(System.nanoTime() - before, Math::max);
          String text = value.revealString();
          if (text.equals(oldValue)) {
            old.incrementAndGet();
            if (after) {
              oldAfterRefresh.incrementAndGet();
            }
          } else if (text.equals(newValue)) {
            fresh.incrementAndGet();
          } else {
            torn.incrementAndGet();
          }
        } catch (RuntimeException e) {
          failures.incrementAndGet(); // a wiped value, say; counted, never printed
        }
        if (after) {
          afterRefresh.incrementAndGet();
        }
        LockSupport.parkNanos(50_000);
      }
    }

    void awaitReads(long count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (total() < count && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
    }

    long total() {
      return old.get() + fresh.get() + torn.get() + failures.get();
    }

    void stop() throws InterruptedException {
      stopped.set(true);
      for (Thread thread : threads) {
        thread.join(5_000);
        assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
      }
    }
  }
}

package dev.secretfn.testing.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a secret from an emulator on several threads while a test rotates it, to show that every answer is the old
 * value or the new one, whole, and that reads begun after the rotation returned see the new one.
 *
 * <pre>{@code
 * List<RotationReads.Read<String>> reads = RotationReads.during(4, () -> readOverHttp(), () -> sm.addVersion(s, NEW));
 * assertThat(reads).allSatisfy(r -> assertThat(r.value()).isIn(OLD, NEW));
 * assertThat(reads).filteredOn(RotationReads.Read::afterRotation).allSatisfy(r -> assertThat(r.value()).isEqualTo(NEW));
 * }</pre>
 *
 * <p>Not an API for functions; a building block for emulator tests, which may change in any release.
 */
public final class RotationReads {
  private static final int READS_BEFORE = 20;
  private static final int READS_AFTER = 10;

  private RotationReads() {}

  /** One read: its value, and whether it began after the rotation. */
  public static final class Read<T> {
    private final T value;
    private final boolean afterRotation;

    Read(T value, boolean afterRotation) {
      this.value = value;
      this.afterRotation = afterRotation;
    }

    public T value() {
      return value;
    }

    /** True when the read began after {@code rotate} had returned. */
    public boolean afterRotation() {
      return afterRotation;
    }

    @Override
    public String toString() {
      return (afterRotation ? "after: " : "during: ") + value;
    }
  }

  /**
   * Starts {@code readers} threads that call {@code read} in a loop; once they have completed some reads between
   * them, runs {@code rotate} on the calling thread, then lets each thread complete a few more reads begun after
   * it returned. A read that throws fails the call.
   *
   * @return every read, in no particular order across threads
   * @throws AssertionError if a read threw or the readers did not finish within a minute
   */
  public static <T> List<Read<T>> during(int readers, Callable<T> read, Runnable rotate) throws InterruptedException {
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(rotate, "rotate");
    if (readers < 1) {
      throw new IllegalArgumentException("readers must be at least 1");
    }
    List<Read<T>> reads = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean rotated = new AtomicBoolean();
    AtomicInteger completed = new AtomicInteger();
    CountDownLatch enoughBefore = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(readers, r -> {
      Thread t = new Thread(r, "rotation-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Void>> loops = new ArrayList<>();
      for (int i = 0; i < readers; i++) {
        loops.add(pool.submit(() -> {
          int after = 0;
          while (after < READS_AFTER) {
            boolean begunAfter = rotated.get();
            T value = read.call();
            reads.add(new Read<>(value, begunAfter));
            if (begunAfter) {
              after++;
            }
            if (completed.incrementAndGet() >= READS_BEFORE) {
              enoughBefore.countDown();
            }
          }
          return null;
        }));
      }
      if (!enoughBefore.await(1, TimeUnit.MINUTES)) {
        throw new AssertionError("the readers completed " + completed.get() + " reads in a minute");
      }
      rotate.run();
      rotated.set(true);
      for (Future<Void> loop : loops) {
        try {
          loop.get(1, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          throw new AssertionError("a read failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("the readers did not finish within a minute", e);
        }
      }
      return List.copyOf(reads);
    } finally {
      pool.shutdownNow();
    }
  }
}

package dev.secretfn.internal;

import dev.secretfn.spi.SecretSource;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Not an API: readies a function's sources for a snapshot (Lambda SnapStart) without resolving a secret. It
 * runs the function's handler factory on this thread in priming mode: the factory builds the user's component
 * as usual, and when the component asks the resolver for the secrets, {@link #interceptResolution} primes the
 * resolver's sources ({@link SecretSource#prime}, all at once, bounded by the resolver's deadline) and stops
 * the factory there, before any variable is read. Whatever the factory built is dropped; the handler is built
 * again, and the secrets resolved, after the restore.
 *
 * <p>Hooking the resolver rather than the Dagger glue catches every way a factory can resolve (the generated
 * modules and a resolver called by hand alike), so that priming can never resolve by accident.
 */
public final class SnapshotPriming {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** The priming call on this thread, if any; set only while {@link #prime} runs the factory. */
  private static final ThreadLocal<Attempt> ACTIVE = new ThreadLocal<>();

  private SnapshotPriming() {}

  /** What one priming call did: whether the factory reached the resolver, the sources primed, how long. */
  public static final class Outcome {
    private final boolean reachedResolver;
    private final List<String> primed;
    private final long elapsedMillis;

    Outcome(boolean reachedResolver, List<String> primed, long elapsedMillis) {
      this.reachedResolver = reachedResolver;
      this.primed = List.copyOf(primed);
      this.elapsedMillis = elapsedMillis;
    }

    /** Whether the factory asked the resolver for its secrets (and so was stopped there). */
    public boolean reachedResolver() {
      return reachedResolver;
    }

    /** The schemes of the sources primed; empty if the factory never reached the resolver or bound none. */
    public List<String> primed() {
      return primed;
    }

    public long elapsedMillis() {
      return elapsedMillis;
    }
  }

  /**
   * Runs {@code factory} in priming mode and drops what it returns. Never throws: a factory that fails before
   * it reaches the resolver is logged at debug and leaves the sources unprimed (the restore path then reports
   * whatever is wrong).
   */
  public static Outcome prime(Class<?> function, Supplier<?> factory) {
    Objects.requireNonNull(factory, "factory");
    long start = System.nanoTime();
    Attempt attempt = new Attempt();
    Attempt outer = ACTIVE.get();
    ACTIVE.set(attempt);
    try {
      factory.get();
      if (!attempt.intercepted) {
        LOG.log(Level.DEBUG, () -> "secretfn: " + function.getName() + "'s handler factory returned without"
            + " resolving a secret; its handler is dropped and built again after the restore");
      }
    } catch (Stop expected) {
      // The resolver was reached and the sources primed: what the factory had built so far is garbage now.
    } catch (RuntimeException | LinkageError e) {
      if (!attempt.intercepted) {
        LOG.log(Level.DEBUG, () -> "secretfn: " + function.getName() + "'s handler factory failed before the"
            + " resolver could prime its sources: " + e.getClass().getName());
      }
    } finally {
      if (outer == null) {
        ACTIVE.remove();
      } else {
        ACTIVE.set(outer);
      }
    }
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    return new Outcome(attempt.intercepted, attempt.primed, elapsedMillis);
  }

  /**
   * Called by the resolver before it reads anything: outside {@link #prime} it returns at once; inside, it
   * primes {@code sources} and throws, so that nothing is resolved.
   *
   * @param timeout how long all the sources together may take (the resolver's deadline)
   */
  public static void interceptResolution(Collection<? extends SecretSource> sources, Duration timeout) {
    Attempt attempt = ACTIVE.get();
    if (attempt == null) {
      return;
    }
    attempt.intercepted = true;
    primeAll(sources, timeout, attempt.primed);
    throw new Stop();
  }

  /** Primes every source on its own daemon thread and waits for all of them, at most {@code timeout}. */
  private static void primeAll(Collection<? extends SecretSource> sources, Duration timeout, List<String> primed) {
    if (sources.isEmpty()) {
      return;
    }
    ExecutorService threads = Executors.newFixedThreadPool(sources.size(), runnable -> {
      Thread thread = new Thread(runnable, "secretfn-priming");
      thread.setDaemon(true);
      return thread;
    });
    try {
      for (SecretSource source : sources) {
        primed.add(source.scheme().toString());
        threads.execute(() -> primeOne(source, timeout));
      }
      threads.shutdown();
      if (!threads.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.log(Level.DEBUG, () -> "secretfn: priming took longer than " + timeout.toMillis() + " ms; the"
            + " sources still priming are interrupted");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      threads.shutdownNow();
    }
  }

  private static void primeOne(SecretSource source, Duration timeout) {
    try {
      source.prime(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | LinkageError e) {
      // Priming is an optimisation: the fetches after the restore report what is really wrong.
      LOG.log(Level.DEBUG, () -> "secretfn: priming the " + source.scheme() + " source failed: "
          + e.getClass().getName());
    }
  }

  /** One priming call's state, read and written on its own thread only (the priming threads never see it). */
  private static final class Attempt {
    final List<String> primed = new ArrayList<>();
    boolean intercepted;
  }

  /** Unwinds the handler factory once the sources are primed; carries no stack trace. */
  private static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super("secretfn stopped the handler factory before resolving any secret: the sources were primed for a"
          + " snapshot (not an error)", null, false, false);
    }
  }
}

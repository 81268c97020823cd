package dev.secretfn;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the refreshing secrets of one {@link ResolvedSecrets} share: the resolver that re-resolves them, their
 * clock, and one daemon thread, {@code secretfn-refresh}, created at the first refresh (never before, so that
 * nothing runs or is scheduled before a SnapStart checkpoint) and ended after a minute without work. Refreshes
 * run one after another on it; each one's fetches run on the resolver's own short-lived threads.
 */
final class RefreshEngine {
  private static final long IDLE_SECONDS = 60;

  final RefreshClock clock;
  final SecretResolver resolver;
  private final AtomicInteger threadsStarted = new AtomicInteger();
  private ThreadPoolExecutor executor; // guarded by this; created at the first refresh

  RefreshEngine(RefreshClock clock, SecretResolver resolver) {
    this.clock = clock;
    this.resolver = resolver;
  }

  synchronized Executor executor() {
    if (executor == null) {
      executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "secretfn-refresh");
            thread.setDaemon(true);
            threadsStarted.incrementAndGet();
            return thread;
          });
      executor.allowCoreThreadTimeOut(true);
    }
    return executor;
  }

  /** How many refresh threads were started so far; for tests. */
  int threadsStarted() {
    return threadsStarted.get();
  }
}

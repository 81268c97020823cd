package dev.secretfn;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link RefreshClock} that moves only when a test advances it. */
final class FakeClock implements RefreshClock {
  private static final Instant EPOCH = Instant.parse("2030-01-01T00:00:00Z");
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return EPOCH.plusNanos(nanos.get());
  }

  void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }
}

package dev.secretfn;

import java.time.Instant;

/** The time refreshing secrets age on: monotonic nanoseconds for ages, the wall clock for status. */
interface RefreshClock {
  RefreshClock SYSTEM = new RefreshClock() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant now() {
      return Instant.now();
    }
  };

  long nanoTime();

  Instant now();
}

package dev.secretfn.bench.runner;

import java.util.Optional;

/**
 * The targets as numbers, and how a measured figure meets one. One round trip is the latency the
 * emulators add to every request in the timed runs' second pass; loopback adds well under a millisecond.
 *
 * <ul>
 *   <li>T1: 10 secrets at 30 ms within the empty function + 250 ms + one round trip;
 *   <li>T2: 10 secrets within 1 secret + half a round trip;
 *   <li>T3: every sample function's deployable jar at most 8 MB.
 * </ul>
 */
final class Targets {
  static final int ROUND_TRIP_MS = 30;
  static final long T1_MS = 250 + ROUND_TRIP_MS;
  static final long T2_MS = ROUND_TRIP_MS / 2;
  static final long T3_BYTES = 8_000_000;

  private Targets() {}

  /** A figure against an upper limit; the figure is empty when a scenario it needs was not run. */
  record Check(Optional<Long> figure, long limit) {
    /** "met", "**not met**" (bold, so it stands out in the table) or "not measured". */
    String status() {
      return figure.map(value -> value <= limit ? "met" : "**not met**").orElse("not measured");
    }

    /** The figure as a signed difference in ms ("+212 ms"), or "not measured". */
    String millis() {
      return figure.map(ms -> Stats.signed(ms) + " ms").orElse("not measured");
    }
  }

  /** T1: {@code ten - empty} at 30 ms. */
  static Check t1(Optional<Long> tenMinusEmpty) {
    return new Check(tenMinusEmpty, T1_MS);
  }

  /** T2: {@code ten - one} at 30 ms. */
  static Check t2(Optional<Long> tenMinusOne) {
    return new Check(tenMinusOne, T2_MS);
  }

  /** T3: a deployable jar's size in bytes. */
  static Check t3(long bytes) {
    return new Check(Optional.of(bytes), T3_BYTES);
  }
}

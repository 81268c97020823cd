package dev.secretfn.testing.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Latency and fault knobs of one emulator (for example {@code CloudKmsEmulator#knobs()} or {@code
 * S3Emulator#knobs()}). Thread-safe; every setting applies to requests that arrive after it is made.
 *
 * <pre>{@code
 * kms.knobs().latency(Duration.ofMillis(50));   // every answer takes at least 50 ms
 * kms.knobs().failNext(2, 503);                 // then two 503 UNAVAILABLE ...
 * kms.knobs().resetNext(1);                     // ... then one dropped connection ...
 * kms.knobs().truncateNext(1);                  // ... then one answer cut off mid-body, then normal answers
 * }</pre>
 *
 * <p>Order of effects for each request: it is recorded in the request log, then delayed by the latency, then
 * the oldest planned fault (from {@link #failNext}, {@link #resetNext} or {@link #truncateNext}, queued in call
 * order) is applied if there is one; only a request that got no planned fault (or a truncation) is served, and serving checks {@link #deny} before it
 * looks at the resource and applies {@link #corruptNextChecksum} to successful answers only.
 *
 * <p>What a failure, a denied resource and a corrupted checksum look like is each API's own: every emulator's
 * {@code knobs()} documents its error for each status {@link #failNext} accepts (some APIs never answer with
 * some of these statuses and use another, e.g. AWS KMS throttles with 400 ThrottlingException), what its
 * resource names for {@link #deny} are, and which checksum {@link #corruptNextChecksum} corrupts.
 */
public final class EmulatorKnobs {
  /** Status codes {@link #failNext} accepts; each emulator pairs every one with an error of its API. */
  private static final Set<Integer> FAILURE_STATUSES = Set.of(400, 401, 403, 404, 409, 412, 429, 500, 501, 503, 504);

  private volatile Duration latency = Duration.ZERO;
  private final Deque<Fault> faults = new ArrayDeque<>(); // guarded by this
  private int checksumCorruptions; // guarded by this
  private final List<String> deniedPrefixes = new CopyOnWriteArrayList<>();

  EmulatorKnobs() {}

  /**
   * Delays the answer to every later request by {@code perRequest} (zero turns the delay off). The delay holds
   * one of the emulator's worker threads, so many concurrent slow requests queue behind each other.
   */
  public void latency(Duration perRequest) {
    Objects.requireNonNull(perRequest, "perRequest");
    if (perRequest.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, got " + perRequest);
    }
    latency = perRequest;
  }

  /**
   * Answers the next {@code count} requests with the API's error for status {@code httpStatus} instead of
   * serving them (for Google's APIs, a JSON error of that status; for AWS, the error each emulator's {@code
   * knobs()} lists). Accepted statuses: 400, 401, 403, 404, 409, 412, 429, 500, 501, 503 and 504.
   */
  public void failNext(int count, int httpStatus) {
    requirePositive(count);
    if (!FAILURE_STATUSES.contains(httpStatus)) {
      throw new IllegalArgumentException("httpStatus must be one of "
          + FAILURE_STATUSES.stream().sorted().map(String::valueOf).collect(Collectors.joining(", "))
          + ", got " + httpStatus);
    }
    plan(count, new Fault(httpStatus));
  }

  /**
   * Drops the next {@code count} requests: the connection is closed without any response, so the client sees
   * an end of stream (or a reset) while it waits for the status line.
   */
  public void resetNext(int count) {
    requirePositive(count);
    plan(count, Fault.RESET);
  }

  /**
   * Cuts off the next {@code count} answers mid-response: the request is served as usual, the status line, the
   * headers (with the full {@code Content-Length}) and the first half of the body are sent, then the connection
   * is closed. The client sees a premature end of stream while it reads the body, unlike {@link #resetNext},
   * which closes the connection before the status line.
   */
  public void truncateNext(int count) {
    requirePositive(count);
    plan(count, Fault.TRUNCATE);
  }

  /**
   * Corrupts the checksum of the next {@code count} successful answers that carry one: for Cloud KMS the {@code
   * plaintextCrc32c} of decrypt responses, for Cloud Storage the {@code crc32c} in the {@code x-goog-hash}
   * header of media downloads, for S3 the MD5 appended to object reads or their {@code x-amz-checksum-crc32}
   * header (AWS KMS answers carry no checksum). The payload itself stays intact.
   */
  public synchronized void corruptNextChecksum(int count) {
    requirePositive(count);
    checksumCorruptions += count;
  }

  /**
   * Denies every later request whose resource starts with {@code resourcePrefix}, with the API's access-denied
   * error (Google: 403 PERMISSION_DENIED; AWS KMS: AccessDeniedException; S3: 403 AccessDenied). Resources: for
   * Cloud KMS the CryptoKey name ({@code projects/p/locations/l/keyRings/r/cryptoKeys/k}), for Cloud Storage
   * {@code bucket/object-name}, for AWS KMS the key ARN, for S3 {@code bucket/key}. Denial is checked before the
   * resource is looked up, as IAM is.
   */
  public void deny(String resourcePrefix) {
    Objects.requireNonNull(resourcePrefix, "resourcePrefix");
    if (resourcePrefix.isEmpty()) {
      throw new IllegalArgumentException("resourcePrefix must not be empty (it would deny everything)");
    }
    deniedPrefixes.add(resourcePrefix);
  }

  /** Clears every knob: no latency, no planned faults or corruptions, nothing denied. */
  public synchronized void reset() {
    latency = Duration.ZERO;
    faults.clear();
    checksumCorruptions = 0;
    deniedPrefixes.clear();
  }

  @Override
  public synchronized String toString() {
    return "EmulatorKnobs[latency=" + latency + ", plannedFaults=" + faults + ", checksumCorruptions="
        + checksumCorruptions + ", denied=" + deniedPrefixes + "]";
  }

  /** Sleeps for the configured latency. */
  void pause() throws InterruptedException {
    Duration d = latency;
    if (!d.isZero()) {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    }
  }

  /** Removes and returns the oldest planned fault, or null when none is planned. */
  synchronized Fault takeFault() {
    return faults.pollFirst();
  }

  /** Whether this answer's checksum should be corrupted; consumes one planned corruption if so. */
  synchronized boolean takeChecksumCorruption() {
    if (checksumCorruptions == 0) {
      return false;
    }
    checksumCorruptions--;
    return true;
  }

  boolean denies(String resource) {
    for (String prefix : deniedPrefixes) {
      if (resource.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private synchronized void plan(int count, Fault fault) {
    for (int i = 0; i < count; i++) {
      faults.addLast(fault);
    }
  }

  private static void requirePositive(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
  }

  /**
   * A planned fault: an HTTP error status, {@link #RESET} for a dropped connection, or {@link #TRUNCATE} for an
   * answer cut off mid-body.
   */
  static final class Fault {
    static final Fault RESET = new Fault(0);
    static final Fault TRUNCATE = new Fault(-1);

    private final int status;

    private Fault(int status) {
      this.status = status;
    }

    boolean isReset() {
      return status == 0;
    }

    boolean isTruncation() {
      return status == -1;
    }

    int status() {
      return status;
    }

    @Override
    public String toString() {
      return isReset() ? "reset" : isTruncation() ? "truncate" : String.valueOf(status);
    }
  }
}

package dev.secretfn;

import java.time.Duration;
import java.util.Objects;

/**
 * How the resolver spends its start-up budget. Immutable; build with {@link #builder()}, which validates each
 * value as it is set. The defaults keep Lambda's 10 s INIT limit with room to spare.
 *
 * <pre>{@code
 * ResolverSettings settings = ResolverSettings.builder().deadline(Duration.ofSeconds(4)).build();
 * }</pre>
 */
public final class ResolverSettings {
  /** The default overall deadline, 8 s. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(8);

  private final Duration deadline;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private ResolverSettings(Builder b) {
    this.deadline = b.deadline;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
  }

  /** The defaults: 8 s deadline, up to 5 attempts per fetch, backoff from 50 ms up to 1 s. */
  public static ResolverSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The time from the start of resolution by which every secret is resolved, or start-up fails. */
  public Duration deadline() {
    return deadline;
  }

  /** Attempts per fetch, the first included; only transient failures are retried. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The ceiling of the first retry's random (full-jitter) delay; it doubles per retry. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The largest ceiling a retry delay may have. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  @Override
  public String toString() {
    return "ResolverSettings[deadline=" + deadline + ", maxAttempts=" + maxAttempts
        + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + "]";
  }

  /** Builds {@link ResolverSettings}; each setter rejects a bad value at once. */
  public static final class Builder {
    private Duration deadline = DEFAULT_DEADLINE;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(50);
    private Duration maxBackoff = Duration.ofSeconds(1);

    private Builder() {}

    /** Overall deadline; between 1 ms and 15 minutes. */
    public Builder deadline(Duration deadline) {
      this.deadline = positive(deadline, "deadline", Duration.ofMinutes(15));
      return this;
    }

    /** Attempts per fetch; between 1 and 20. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 20) {
        throw new IllegalArgumentException("maxAttempts must be between 1 and 20");
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The first retry's delay ceiling; between 1 ms and 10 s. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = positive(initialBackoff, "initialBackoff", Duration.ofSeconds(10));
      return this;
    }

    /** The largest delay ceiling; between 1 ms and 60 s. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = positive(maxBackoff, "maxBackoff", Duration.ofSeconds(60));
      return this;
    }

    public ResolverSettings build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalStateException("maxBackoff must not be smaller than initialBackoff");
      }
      return new ResolverSettings(this);
    }

    private static Duration positive(Duration value, String name, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be between 1 ms and " + max);
      }
      return value;
    }
  }
}

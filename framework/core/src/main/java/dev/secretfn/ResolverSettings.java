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
  /** The default deadline of one refresh of a refreshing secret, 10 s. */
  public static final Duration DEFAULT_REFRESH_DEADLINE = Duration.ofSeconds(10);

  private final Duration deadline;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration refreshDeadline;

  private ResolverSettings(Builder b) {
    this.refreshDeadline = b.refreshDeadline;
    this.deadline = b.deadline;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
  }

  /**
   * The defaults: 8 s deadline, up to 5 attempts per fetch, backoff from 50 ms up to 1 s, 10 s per refresh.
   */
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

  /**
   * The time one refresh of a {@link Refreshing} secret may take, retries included, counted from its start;
   * it fails at this deadline and the last good value keeps serving. Refreshes retry with the same attempts and
   * backoff as start-up.
   */
  public Duration refreshDeadline() {
    return refreshDeadline;
  }

  /** These settings with the refresh deadline as the deadline: what one refresh resolves under. */
  ResolverSettings forRefresh() {
    Builder b = new Builder();
    b.deadline = refreshDeadline;
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.refreshDeadline = refreshDeadline;
    return new ResolverSettings(b);
  }

  @Override
  public String toString() {
    return "ResolverSettings[deadline=" + deadline + ", maxAttempts=" + maxAttempts
        + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
        + ", refreshDeadline=" + refreshDeadline + "]";
  }

  /** Builds {@link ResolverSettings}; each setter rejects a bad value at once. */
  public static final class Builder {
    private Duration deadline = DEFAULT_DEADLINE;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(50);
    private Duration maxBackoff = Duration.ofSeconds(1);
    private Duration refreshDeadline = DEFAULT_REFRESH_DEADLINE;

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

    /** The deadline of one refresh of a refreshing secret; between 1 ms and 15 minutes. */
    public Builder refreshDeadline(Duration refreshDeadline) {
      this.refreshDeadline = positive(refreshDeadline, "refreshDeadline", Duration.ofMinutes(15));
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

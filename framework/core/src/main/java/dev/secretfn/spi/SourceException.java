package dev.secretfn.spi;

import dev.secretfn.Step;
import java.util.Objects;
import java.util.Optional;

/**
 * One failed attempt of a {@link SecretSource}. Says at which step it failed, whether a retry could help, and
 * optionally how to fix it (for example which IAM role to grant).
 *
 * <h2>WARNING</h2>
 * The message is shown to operators: name the resource and the problem, never plaintext or payload content.
 */
public final class SourceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Step step;
  private final boolean retryable;
  private final String hint;

  private SourceException(Step step, boolean retryable, String message, String hint, Throwable cause) {
    super(message, cause);
    this.step = Objects.requireNonNull(step, "step");
    this.retryable = retryable;
    this.hint = hint;
  }

  /** A failure that will happen again (permission denied, not found, bad ciphertext): not retried. */
  public static SourceException permanent(Step step, String message) {
    return new SourceException(step, false, message, null, null);
  }

  /** A failure that may pass (unavailable, throttled, reset connection): retried within the deadline. */
  public static SourceException retryable(Step step, String message) {
    return new SourceException(step, true, message, null, null);
  }

  /** A copy of this exception with a suggested fix. */
  public SourceException withHint(String hint) {
    return new SourceException(step, retryable, getMessage(), Objects.requireNonNull(hint, "hint"), getCause());
  }

  /** A copy of this exception with {@code cause} attached for stack traces (its message is not shown). */
  public SourceException withCause(Throwable cause) {
    return new SourceException(step, retryable, getMessage(), hint, cause);
  }

  public Step step() {
    return step;
  }

  /** Whether another attempt could succeed. */
  public boolean isRetryable() {
    return retryable;
  }

  /** How to fix the problem, if the source knows. */
  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }
}

package dev.secretfn;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Start-up could not resolve every declared secret, or a refresh of a {@link Refreshing} secret failed. The
 * message lists every failure (variable, reference without secret material, step, cause, hint) and never a
 * secret value. At start-up nothing was injected; after a failed refresh the last good value keeps serving.
 */
public final class SecretResolutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Failure> failures;

  SecretResolutionException(int declared, long elapsedMillis, List<Failure> failures) {
    this(declared, elapsedMillis, failures, false);
  }

  SecretResolutionException(int declared, long elapsedMillis, List<Failure> failures, boolean refresh) {
    super(message(declared, elapsedMillis, failures, refresh));
    this.failures = List.copyOf(failures);
  }

  /** Every failure, in declaration order; never empty. */
  public List<Failure> failures() {
    return failures;
  }

  private static String message(int declared, long elapsedMillis, List<Failure> failures, boolean refresh) {
    StringBuilder out =
        new StringBuilder(refresh ? "secretfn could not refresh " : "secretfn could not resolve ")
            .append(failures.size()).append(" of ").append(declared).append(declared == 1 ? " secret" : " secrets")
            .append(" (after ").append(elapsedMillis).append(" ms):");
    for (Failure failure : failures) {
      out.append("\n  - ").append(failure);
    }
    return out.toString();
  }

  private static String sentence(String text) {
    return text.endsWith(".") ? text : text + ".";
  }

  /** Why one variable could not be resolved. Immutable; holds no secret material. */
  public static final class Failure {
    private final String variable;
    private final Optional<String> reference;
    private final Step step;
    private final String cause;
    private final Optional<String> hint;
    private final boolean retryable;

    Failure(String variable, Optional<String> reference, Step step, String cause, Optional<String> hint,
        boolean retryable) {
      this.variable = Objects.requireNonNull(variable);
      this.reference = reference;
      this.step = step;
      this.cause = cause;
      this.hint = hint;
      this.retryable = retryable;
    }

    /** The environment variable. */
    public String variable() {
      return variable;
    }

    /** The reference, described without secret material (ciphertexts abbreviated), if it parsed. */
    public Optional<String> reference() {
      return reference;
    }

    public Step step() {
      return step;
    }

    /** What went wrong. */
    public String cause() {
      return cause;
    }

    /** How to fix it, if known. */
    public Optional<String> hint() {
      return hint;
    }

    /** Whether the failure was transient (start-up may succeed if tried again later). */
    public boolean isRetryable() {
      return retryable;
    }

    @Override
    public String toString() {
      return variable + reference.map(r -> " = " + r).orElse("") + ": " + step + " failed: " + sentence(cause)
          + hint.map(h -> " Fix: " + sentence(h)).orElse("") + (retryable ? " (transient)" : "");
    }
  }
}

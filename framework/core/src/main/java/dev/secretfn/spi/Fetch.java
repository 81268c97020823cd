package dev.secretfn.spi;

import dev.secretfn.ref.SecretReference;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** One attempt to fetch one reference: what to fetch, for which variables, and how long is left. */
public final class Fetch {
  private final SecretReference reference;
  private final List<String> variables;
  private final long deadlineNanos;
  private final int attempt;

  private Fetch(SecretReference reference, List<String> variables, long deadlineNanos, int attempt) {
    this.reference = reference;
    this.variables = variables;
    this.deadlineNanos = deadlineNanos;
    this.attempt = attempt;
  }

  /**
   * Describes an attempt that must finish within {@code timeout} from now.
   *
   * @param attempt 1 for the first attempt
   */
  public static Fetch of(SecretReference reference, List<String> variables, Duration timeout, int attempt) {
    Objects.requireNonNull(reference, "reference");
    if (reference.field().isPresent()) {
      throw new IllegalArgumentException("a fetch takes a reference without a field");
    }
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("a fetch serves at least one variable");
    }
    if (attempt < 1) {
      throw new IllegalArgumentException("attempts count from 1");
    }
    return new Fetch(reference, List.copyOf(variables), System.nanoTime() + timeout.toNanos(), attempt);
  }

  /** The reference to fetch; it has no field. */
  public SecretReference reference() {
    return reference;
  }

  /** The variables this fetch serves, in declaration order; at least one. */
  public List<String> variables() {
    return variables;
  }

  /** Time left before the resolver's deadline; zero or negative once it passed. */
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  /** 1 for the first attempt, then 2, 3, ... */
  public int attempt() {
    return attempt;
  }

  @Override
  public String toString() {
    return "Fetch[" + reference.describe() + " for " + variables + ", attempt " + attempt + "]";
  }
}

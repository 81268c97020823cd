package dev.secretfn.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a deployment sets one variable to: a literal, or a template value that is known in part. Unresolved parts
 * of a known text are replaced with {@link #PLACEHOLDER}, so the text can still be parsed; {@link #unresolved()}
 * says what was left open, by name only. Immutable; {@link #toString()} never shows the text.
 */
final class DeployedValue {
  /** Stands for an unresolved part: lower-case letters, valid in bucket, object, secret and parameter names. */
  static final String PLACEHOLDER = "unresolved";

  private final Optional<String> text;
  private final int firstPlaceholder;
  private final List<String> unresolved;

  private DeployedValue(Optional<String> text, int firstPlaceholder, List<String> unresolved) {
    this.text = text;
    this.firstPlaceholder = firstPlaceholder;
    this.unresolved = List.copyOf(unresolved);
  }

  static DeployedValue literal(String text) {
    return new DeployedValue(Optional.of(Objects.requireNonNull(text, "text")), -1, List.of());
  }

  /** A value of which nothing is known. */
  static DeployedValue unknown(List<String> unresolved) {
    return new DeployedValue(Optional.empty(), -1, unresolved);
  }

  /** A text with placeholders, the first at {@code firstPlaceholder}, for the {@code unresolved} parts. */
  static DeployedValue partial(String text, int firstPlaceholder, List<String> unresolved) {
    return new DeployedValue(Optional.of(text), firstPlaceholder, unresolved);
  }

  /** Whether the whole value is known. */
  boolean resolved() {
    return unresolved.isEmpty();
  }

  /** The text; with placeholders unless {@link #resolved()}; empty when nothing is known. */
  Optional<String> text() {
    return text;
  }

  /** The text before the first placeholder (all of it when resolved). */
  Optional<String> literalPrefix() {
    return text.map(t -> firstPlaceholder < 0 ? t : t.substring(0, firstPlaceholder));
  }

  /** What was left unresolved, by name: {@code "Ref SecretsBucket (a resource of the stack)"}. */
  List<String> unresolved() {
    return unresolved;
  }

  @Override
  public String toString() {
    return resolved() ? "DeployedValue[literal]" : "DeployedValue[unresolved: " + unresolved + "]";
  }
}

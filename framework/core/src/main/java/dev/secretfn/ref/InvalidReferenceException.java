package dev.secretfn.ref;

/**
 * A part of a reference breaks the grammar. Thrown by {@link ReferenceParts}, {@link ReferenceRules} and
 * store syntaxes; core reports it as a {@link ReferenceException} that names the variable.
 *
 * <h2>WARNING</h2>
 * The message must state the rule that was broken and never quote the input: a mistyped variable may hold a
 * plaintext secret. Core reports the message of this exception only; any other exception thrown by a syntax
 * is reported by its class name alone.
 */
public class InvalidReferenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** @param rule what the input must be, without quoting the input */
  public InvalidReferenceException(String rule) {
    super(rule, null);
  }
}

package dev.secretfn.ref;

/**
 * A variable's value is not a valid reference. The message names the variable and what is wrong, and never
 * quotes the value: a mistyped variable might hold a plaintext secret.
 */
public final class ReferenceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String variable;

  ReferenceException(String variable, String problem) {
    super(variable + ": " + problem, null, false, false);
    this.variable = variable;
  }

  /** The environment variable whose value did not parse. */
  public String variable() {
    return variable;
  }
}

package dev.secretfn.ref;

import java.util.Optional;

/**
 * A variable's value is not a reference that the component can read. The message names the variable and
 * what is wrong, and never quotes the value: a mistyped variable might hold a plaintext secret.
 */
public final class ReferenceException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String variable;
  private final String problem;
  private final transient Optional<String> missingModule;

  ReferenceException(String variable, String problem) {
    this(variable, problem, Optional.empty());
  }

  ReferenceException(String variable, String problem, Optional<String> missingModule) {
    super(variable + ": " + problem, null, false, false);
    this.variable = variable;
    this.problem = problem;
    this.missingModule = missingModule;
  }

  /** The environment variable whose value did not parse. */
  public String variable() {
    return variable;
  }

  /** What is wrong, without the variable's name. */
  public String problem() {
    return problem;
  }

  /**
   * The store module that reads the value's scheme, when the value is well-formed up to its scheme but no
   * bound syntax reads that scheme: {@code "S3Module from secretfn-aws-s3"}.
   */
  public Optional<String> missingModule() {
    return missingModule;
  }
}

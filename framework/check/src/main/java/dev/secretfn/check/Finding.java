package dev.secretfn.check;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of a check's report: a variable, what is wrong with its value, and the fix. Never holds a value
 * of the deployment: messages name the variable, the reference's shape and the step, as start-up errors do.
 * Immutable.
 *
 * <pre>{@code
 * for (Finding finding : DeploymentCheck.run(request).findings()) {
 *   if (finding.severity() == Severity.ERROR) {
 *     log.error(finding.toString());   // ERROR DB_PASS: the variable is not set; fix: set DB_PASS to ...
 *   }
 * }
 * }</pre>
 */
public final class Finding {
  private final Severity severity;
  private final String variable;
  private final String message;
  private final Optional<String> fix;

  private Finding(Severity severity, String variable, String message, Optional<String> fix) {
    this.severity = Objects.requireNonNull(severity, "severity");
    this.variable = Objects.requireNonNull(variable, "variable");
    this.message = Objects.requireNonNull(message, "message");
    this.fix = Objects.requireNonNull(fix, "fix");
  }

  /** A finding about {@code variable}; {@code fix} is what to do about it, if anything. */
  public static Finding of(Severity severity, String variable, String message, Optional<String> fix) {
    return new Finding(severity, variable, message, fix);
  }

  public Severity severity() {
    return severity;
  }

  /** The environment variable the finding is about. */
  public String variable() {
    return variable;
  }

  /** What is wrong, without the value. */
  public String message() {
    return message;
  }

  /** What to do about it. */
  public Optional<String> fix() {
    return fix;
  }

  /** The report line: {@code ERROR DB_PASS: <message>; fix: <fix>}. */
  @Override
  public String toString() {
    return severity + " " + variable + ": " + message + fix.map(f -> "; fix: " + f).orElse("");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Finding)) {
      return false;
    }
    Finding other = (Finding) o;
    return severity == other.severity && variable.equals(other.variable) && message.equals(other.message)
        && fix.equals(other.fix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(severity, variable, message, fix);
  }
}

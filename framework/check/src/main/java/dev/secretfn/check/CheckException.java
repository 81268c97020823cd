package dev.secretfn.check;

/**
 * The check could not run: a file is missing or malformed, a function or component is unknown, or the request
 * is incomplete. Not a finding: the deployment was not checked at all (the CLI exits with 2). The message
 * names the file, line or option and the fix, and never quotes a value of the deployment.
 *
 * <pre>{@code
 * try {
 *   report = DeploymentCheck.run(request);
 * } catch (CheckException e) {
 *   System.err.println("secretfn check: " + e.getMessage());
 * }
 * }</pre>
 */
public final class CheckException extends Exception {
  private static final long serialVersionUID = 1L;

  CheckException(String message) {
    super(message, null, false, false);
  }
}

package dev.secretfn.vault;

import dev.secretfn.Secret;
import dev.secretfn.spi.SourceException;

/**
 * How the Vault source proves the function's identity: it builds the body of {@code POST
 * /v1/auth/MOUNT/login}. Bound by a login module ({@link VaultGcpLoginModule}, or {@code VaultAwsLoginModule} in
 * {@code secretfn-vault-aws}); exactly one per component.
 *
 * <p>Called at most once per start-up, lazily on the first fetch, while other fetches wait.
 *
 * <h2>WARNING</h2>
 * The body holds a credential (a signed identity token or a signed request) that Vault accepts in exchange
 * for a token: never log it or put it in an exception message. The caller wipes it after sending.
 */
public interface VaultLogin {
  /** The auth method: {@code gcp} or {@code aws}. It is also the default mount path. */
  String method();

  /**
   * Returns the JSON body of the login request for {@code context.role()}.
   *
   * @throws SourceException when the identity cannot be obtained (metadata server, credentials); its message
   *     names what failed and never the credential
   * @throws InterruptedException when interrupted
   */
  Secret loginBody(VaultLoginContext context) throws SourceException, InterruptedException;
}

package dev.secretfn.vault;

import dev.secretfn.internal.HttpExchange;
import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.io.IOException;

/**
 * Turns Vault's HTTP statuses into {@link SourceException}s that say whether a retry can help and what to
 * fix. Messages name the Vault path and Vault's own error text, which never holds secret data.
 */
final class VaultErrors {
  private VaultErrors() {}

  /** A failed read of {@code apiPath} (a KV path or the mount lookup). */
  static SourceException read(HttpExchange.Response response, String apiPath, VaultConfig config) {
    String vaultSays = JsonText.firstError(response.body()).map(m -> ": " + m).orElse("");
    String what = "Vault answered " + response.status() + " for " + apiPath + vaultSays;
    switch (response.status()) {
      case 403:
        return SourceException.permanent(Step.FETCH, what + " (the token's policies do not allow reading it)")
            .withHint("add path \"" + apiPath + "\" { capabilities = [\"read\"] } to a policy of role '"
                + config.role + "' in auth/" + config.authMount);
      case 404:
        return SourceException.permanent(Step.FETCH, what + " (no secret at this path, or its version was deleted)")
            .withHint("write the secret (vault kv put), or fix the mount, path or version in the reference");
      default:
        return common(response, what, vaultSays);
    }
  }

  /** A refused mount lookup: the token may read nothing under the mount. */
  static SourceException mountLookup(HttpExchange.Response response, String secretPath, VaultConfig config) {
    if (response.status() != 403) {
      return read(response, "sys/internal/ui/mounts/" + secretPath, config);
    }
    return SourceException.permanent(Step.FETCH, "Vault answered 403 when asked for the KV mount of " + secretPath
        + " (the token's policies allow nothing under that mount)")
        .withHint("grant read on the secret (KV v2: MOUNT/data/PATH, KV v1: MOUNT/PATH) to a policy of role '"
            + config.role + "' in auth/" + config.authMount + ", or set " + VaultSettings.KV_VERSION);
  }

  /** A failed login at {@code auth/MOUNT/login}. */
  static SourceException login(HttpExchange.Response response, VaultConfig config) {
    String vaultSays = JsonText.firstError(response.body()).map(m -> ": " + m).orElse("");
    String what = "Vault login at auth/" + config.authMount + "/login with role '" + config.role
        + "' answered " + response.status() + vaultSays;
    if (response.status() == 400 || response.status() == 401 || response.status() == 403) {
      return SourceException.permanent(Step.FETCH, what).withHint(loginHint(config));
    }
    if (response.status() == 404) {
      return SourceException.permanent(Step.FETCH, what + " (no auth method is mounted there)")
          .withHint("enable it (vault auth enable " + config.method + ") or set " + VaultSettings.AUTH_MOUNT
              + " to its mount path");
    }
    return common(response, what, vaultSays);
  }

  static String loginHint(VaultConfig config) {
    if (config.method.equals("gcp")) {
      return "check that role '" + config.role + "' exists in auth/" + config.authMount + " and is bound to the"
          + " function's service account (bound_service_accounts); the identity token's audience is"
          + " http://vault/" + config.role;
    }
    return "check that role '" + config.role + "' exists in auth/" + config.authMount + " with auth_type=iam and"
        + " is bound to the function's execution role (bound_iam_principal_arn), and that "
        + VaultSettings.IAM_SERVER_ID + " matches the method's iam_server_id_header_value";
  }

  private static SourceException common(HttpExchange.Response response, String what, String vaultSays) {
    if (response.status() >= 300 && response.status() < 400) {
      // A standby node redirects to the active one; following it would send the token to another address.
      return SourceException.permanent(Step.FETCH, what + " (a redirect, which secretfn does not follow with a"
          + " token)").withHint("point " + VaultSettings.ADDRESS + " at the cluster's load balancer or active node");
    }
    if (response.status() == 503 && vaultSays.toLowerCase(java.util.Locale.ROOT).contains("sealed")) {
      // An operator must unseal it: retrying within the start-up deadline does not help.
      return SourceException.permanent(Step.FETCH, "Vault is sealed (" + what + ")")
          .withHint("unseal Vault (vault operator unseal), or point " + VaultSettings.ADDRESS
              + " at an unsealed node");
    }
    if (response.status() == 412 || response.status() == 429 || response.status() >= 500) {
      // 429 and 503 are also how standby and overloaded nodes answer; 412 is a replica catching up.
      return SourceException.retryable(Step.FETCH, what);
    }
    return SourceException.permanent(Step.FETCH, what);
  }

  /** A transport failure: retryable, unless Vault's TLS certificate was refused (a retry cannot help). */
  static SourceException transport(IOException e, String what, VaultConfig config) {
    if (e instanceof dev.secretfn.internal.HttpExchange.CertificateRefusedException) {
      return SourceException.permanent(Step.FETCH, what + " at " + config.describe() + " failed: "
          + e.getMessage()).withCause(e)
          .withHint("give Vault a certificate for its address, signed by a CA in the JVM's trust store");
    }
    return SourceException.retryable(Step.FETCH, what + " at " + config.describe() + " failed: "
        + e.getClass().getSimpleName()).withCause(e);
  }
}

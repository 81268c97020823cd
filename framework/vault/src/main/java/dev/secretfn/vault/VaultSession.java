package dev.secretfn.vault;

import dev.secretfn.internal.HttpExchange;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The one login of a start-up: the first fetch logs in, concurrent fetches wait for it and share the token;
 * a permanent login failure is shared too (one login attempt, one clear error, not one per secret).
 * {@link #finish} revokes a service token, or drops a batch token to expire, and forgets both.
 */
final class VaultSession {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final VaultLogin login;
  // Guarded by this.
  private VaultToken token;
  private SourceException failure;

  VaultSession(VaultLogin login) {
    this.login = login;
  }

  synchronized VaultToken token(VaultClient client, Duration timeout) throws SourceException, InterruptedException {
    if (token != null) {
      return token;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      token = logIn(client, timeout);
      return token;
    } catch (SourceException e) {
      if (!e.isRetryable()) {
        failure = e;
      }
      throw e;
    }
  }

  private VaultToken logIn(VaultClient client, Duration timeout) throws SourceException, InterruptedException {
    VaultConfig config = client.config;
    Secret body = login.loginBody(new VaultLoginContext(config.role, config.authMount, config.iamServerId, timeout,
        config.metadataHost));
    HttpExchange.Response response;
    byte[] bytes = body.revealBytes();
    try {
      response = client.call("POST", "auth/" + config.authMount + "/login", null, bytes, timeout);
    } finally {
      java.util.Arrays.fill(bytes, (byte) 0);
      body.wipe();
    }
    try {
      if (response.status() != 200) {
        throw VaultErrors.login(response, config);
      }
      Secret whole = Secret.copyOf(response.body());
      try (JsonText.Holder auth = new JsonText.Holder(JsonText.member(whole, "auth"))) {
        Secret clientToken = JsonText.field(auth.secret, "client_token");
        boolean batch = tokenType(auth.secret).equals("batch");
        return new VaultToken(clientToken, batch);
      } catch (IllegalArgumentException e) {
        throw SourceException.permanent(Step.FETCH, "Vault login at auth/" + config.authMount
            + "/login answered 200 without auth.client_token (" + e.getMessage()
            + ")").withHint("check that " + VaultSettings.ADDRESS + " points at Vault itself");
      } finally {
        whole.wipe();
      }
    } finally {
      response.wipe();
    }
  }

  private static String tokenType(Secret auth) {
    try {
      return JsonText.field(auth, "token_type").revealString();
    } catch (IllegalArgumentException e) {
      return "service"; // Vault before 1.0 had service tokens only
    }
  }

  /** Ends the start-up: revokes a service token (best effort), forgets token and failure. */
  void finish(VaultClient client) {
    VaultToken ended;
    synchronized (this) {
      ended = token;
      token = null;
      failure = null;
    }
    if (ended == null) {
      return;
    }
    try {
      if (!ended.isBatch() && client != null) {
        HttpExchange.Response response =
            client.call("POST", "auth/token/revoke-self", ended, new byte[0], Duration.ofSeconds(2));
        response.wipe();
        if (response.status() != 204 && response.status() != 200) {
          LOG.log(Level.WARNING, "secretfn: revoking the start-up Vault token answered " + response.status()
              + "; it expires with its TTL");
        }
      }
    } catch (SourceException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.log(Level.WARNING, "secretfn: could not revoke the start-up Vault token (" + e.getMessage()
          + "); it expires with its TTL");
    } finally {
      ended.wipe();
    }
  }
}

package dev.secretfn.vault;

import dev.secretfn.internal.HttpExchange;
import dev.secretfn.Environment;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Reads {@code vault://MOUNT/PATH[?version=N]} KV secrets: logs in once (lazily, on the first fetch), finds
 * each mount's KV version once, and returns the secret's data object as JSON; the resolver selects
 * {@code #field}. After start-up the token is revoked (service) or left to expire (batch).
 */
final class VaultSource implements SecretSource {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** One call never waits longer than this, so a retry still fits in the start-up deadline. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

  private final VaultSettings settings;
  private final Environment environment;
  private final VaultLogin login;
  private final VaultSession session;
  private final KvMounts mounts = new KvMounts();
  private volatile VaultClient client; // built on the first fetch

  VaultSource(VaultSettings settings, Environment environment, VaultLogin login) {
    this.settings = settings;
    this.environment = environment;
    this.login = login;
    this.session = new VaultSession(login);
  }

  @Override
  public Scheme scheme() {
    return VaultSecret.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    VaultSecret secret = (VaultSecret) fetch.reference();
    VaultClient vault = client();
    VaultToken token = session.token(vault, timeout(fetch));
    KvMounts.Mount mount = mounts.mountOf(secret.path(), vault, token, timeout(fetch));
    String below = secret.path().substring(mount.path.length());
    if (below.isEmpty()) {
      throw SourceException.permanent(Step.FETCH, secret.path() + " is the KV mount itself, not a secret in it")
          .withHint("name a secret below the mount, vault://" + mount.path + "NAME");
    }
    if (mount.version == 1 && secret.version().isPresent()) {
      throw SourceException.permanent(Step.FETCH, "the mount " + mount.path + " of " + secret.path()
          + " is KV version 1, which has no versions, but the reference pins ?version="
          + secret.version().getAsLong()).withHint("remove ?version from the reference, or move the secret to a KV"
          + " version 2 mount");
    }
    String apiPath = mount.version == 2
        ? mount.path + "data/" + below + (secret.version().isPresent() ? "?version=" + secret.version().getAsLong() : "")
        : mount.path + below;
    HttpExchange.Response response = vault.call("GET", apiPath, token, null, timeout(fetch));
    try {
      if (response.status() != 200) {
        throw VaultErrors.read(response, apiPath, vault.config);
      }
      return data(response.body(), mount.version, apiPath);
    } finally {
      response.wipe();
    }
  }

  /** The secret's key/value object: {@code data} (v1) or {@code data.data} (v2), as JSON bytes. */
  private static Secret data(byte[] body, int version, String apiPath) throws SourceException {
    Secret whole = Secret.copyOf(body);
    Secret outer = null;
    try {
      outer = JsonText.member(whole, "data");
      Secret data = version == 2 ? JsonText.member(outer, "data") : outer;
      if (version == 2) {
        outer.wipe();
      }
      byte[] bytes = data.revealBytes();
      try {
        if (bytes.length == 0 || bytes[0] != '{') {
          data.wipe();
          throw SourceException.permanent(Step.DECODE, "Vault's answer for " + apiPath + " holds no key/value data"
              + " (a deleted or destroyed version)").withHint("write the secret again, or pin a live version");
        }
      } finally {
        java.util.Arrays.fill(bytes, (byte) 0);
      }
      return data;
    } catch (IllegalArgumentException e) {
      if (outer != null) {
        outer.wipe();
      }
      throw SourceException.permanent(Step.DECODE, "Vault's answer for " + apiPath + " is not a KV version "
          + version + " read (" + e.getMessage() + ")")
          .withHint("set " + VaultSettings.KV_VERSION + " to the mount's version, or let the source detect it");
    } finally {
      whole.wipe();
    }
  }

  @Override
  public void resolutionFinished() {
    session.finish(client);
  }

  private VaultClient client() throws SourceException {
    VaultClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          try {
            client = new VaultClient(VaultConfig.resolve(settings, environment, login.method()));
          } catch (IllegalArgumentException e) {
            throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage())
                .withHint("set the Vault variables as docs/vault.md describes, or bind VaultSettings");
          }
          VaultConfig config = client.config;
          LOG.log(Level.DEBUG, () -> "secretfn: Vault source at " + config.describe() + ", " + config.method
              + " login at auth/" + config.authMount + " with role " + config.role);
          if (config.address.getScheme().equals("http")) {
            LOG.log(Level.WARNING, "secretfn: Vault address is plain http on loopback (" + config.address
                + "): a local Vault agent or emulator");
          }
          if (!config.metadataHost.equals(VaultConfig.DEFAULT_METADATA_HOST) && config.method.equals("gcp")) {
            LOG.log(Level.WARNING, "secretfn: metadata server overridden to " + config.metadataHost);
          }
        }
        c = client;
      }
    }
    return c;
  }

  private static Duration timeout(Fetch fetch) {
    return VaultConfig.min(fetch.remaining(), CALL_TIMEOUT);
  }

  @Override
  public String toString() {
    return "VaultSource";
  }
}

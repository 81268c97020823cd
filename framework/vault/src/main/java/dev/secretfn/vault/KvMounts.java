package dev.secretfn.vault;

import dev.secretfn.internal.HttpExchange;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the KV mount of a path and its version as the Vault CLI does ({@code GET
 * /v1/sys/internal/ui/mounts/PATH}, {@code data.path} and {@code data.options.version}), once per mount:
 * fetches under one first segment wait for each other, and a learned mount serves every path below it
 * (Vault forbids nested mounts). With a configured version no lookup is made and the mount is the first
 * segment.
 */
final class KvMounts {
  /** A KV mount: its path with a trailing slash, and its version. */
  static final class Mount {
    final String path;
    final int version;

    Mount(String path, int version) {
      this.path = path;
      this.version = version;
    }
  }

  private final Map<String, Mount> known = new ConcurrentHashMap<>();
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  Mount mountOf(String secretPath, VaultClient client, VaultToken token, Duration timeout)
      throws SourceException, InterruptedException {
    String first = secretPath.substring(0, secretPath.indexOf('/') + 1);
    if (client.config.kvVersion.isPresent()) {
      return new Mount(first, client.config.kvVersion.getAsInt());
    }
    synchronized (locks.computeIfAbsent(first, k -> new Object())) {
      for (Mount mount : known.values()) {
        if (secretPath.startsWith(mount.path)) {
          return mount;
        }
      }
      Mount found = lookUp(secretPath, first, client, token, timeout);
      known.put(found.path, found);
      return found;
    }
  }

  private static Mount lookUp(String secretPath, String first, VaultClient client, VaultToken token, Duration timeout)
      throws SourceException, InterruptedException {
    String apiPath = "sys/internal/ui/mounts/" + secretPath;
    HttpExchange.Response response = client.call("GET", apiPath, token, null, timeout);
    try {
      if (response.status() == 404) {
        return new Mount(first, 1); // a Vault without the endpoint (before 0.10) has KV v1 only
      }
      if (response.status() != 200) {
        throw VaultErrors.mountLookup(response, secretPath, client.config);
      }
      Secret whole = Secret.copyOf(response.body());
      try (JsonText.Holder data = new JsonText.Holder(JsonText.member(whole, "data"))) {
        String type = JsonText.field(data.secret, "type").revealString();
        String path = JsonText.field(data.secret, "path").revealString();
        if (!type.equals("kv") && !type.equals("generic")) {
          throw SourceException.permanent(Step.FETCH, "the mount " + path + " of " + secretPath + " is a '" + type
              + "' secrets engine, not KV").withHint("vault:// reads KV secrets; move the secret to a KV mount");
        }
        if (!secretPath.startsWith(path) || path.isEmpty()) {
          throw SourceException.permanent(Step.FETCH, "Vault reported mount '" + path + "' for " + secretPath)
              .withHint("check the path");
        }
        return new Mount(path, version(data.secret));
      } catch (IllegalArgumentException e) {
        throw SourceException.permanent(Step.FETCH, "Vault's answer for " + apiPath + " has no mount type and"
            + " path").withHint("set " + VaultSettings.KV_VERSION + " (1 or 2) to skip this lookup");
      } finally {
        whole.wipe();
      }
    } finally {
      response.wipe();
    }
  }

  private static int version(Secret data) {
    try (JsonText.Holder options = new JsonText.Holder(JsonText.member(data, "options"))) {
      if (options.secret.revealString().equals("null")) {
        return 1;
      }
      return JsonText.field(options.secret, "version").revealString().equals("2") ? 2 : 1;
    } catch (IllegalArgumentException e) {
      return 1; // no options, or no version in them: KV version 1
    }
  }
}

package dev.secretfn.vault;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A HashiCorp Vault KV secret, optionally pinned to a version (KV v2) and optionally narrowed to one field:
 * {@code vault://MOUNT/PATH[?version=N][#FIELD]}. The Vault address and login come from configuration.
 */
public record VaultSecret(String path, OptionalLong version, Optional<String> field) implements SecretReference {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._@:+-]{1,255}");

  /** {@code vault://} */
  public static final Scheme SCHEME = Scheme.of("vault");

  public VaultSecret {
    VaultSecret.vaultPath(path);
    version.ifPresent(v -> ReferenceRules.positive(v, "version"));
    field.ifPresent(ReferenceRules::field);
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public VaultSecret withoutField() {
    return new VaultSecret(path, version, Optional.empty());
  }

  /**
   * Whether it names a version: without one, the read serves the current KV v2 version (or the only value a KV
   * v1 secret has, which a write replaces), so a new value reaches every new instance at once (and a refreshing
   * declaration sees it). Only a KV v2 version pins; a version on a KV v1 mount fails at fetch.
   */
  @Override
  public boolean pinned() {
    return version.isPresent();
  }

  @Override
  public String format() {
    return "vault://" + path
        + (version.isPresent() ? "?version=" + version.getAsLong() : "")
        + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
  }

  @Override
  public String toString() {
    return format();
  }

  private static String vaultPath(String path) {
    String[] segments = path.split("/", -1);
    if (segments.length < 2) {
      throw new InvalidReferenceException("the Vault path must name a mount and a secret, such as secret/app/db");
    }
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new InvalidReferenceException(
            "each segment of the Vault path must be 1 to 255 characters of A-Z a-z 0-9 . _ @ : + -,"
                + " and not '.' or '..'");
      }
    }
    return path;
  }
}

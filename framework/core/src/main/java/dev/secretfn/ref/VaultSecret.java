package dev.secretfn.ref;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A HashiCorp Vault KV secret, optionally pinned to a version (KV v2) and optionally narrowed to one field:
 * {@code vault://MOUNT/PATH[?version=N][#FIELD]}. The Vault address and login come from configuration.
 */
public record VaultSecret(String path, OptionalLong version, Optional<String> field) implements SecretReference {
  public VaultSecret {
    Names.vaultPath(path);
    version.ifPresent(Names::generation);
    field.ifPresent(Names::field);
  }

  @Override
  public Scheme scheme() {
    return Scheme.VAULT;
  }

  @Override
  public VaultSecret withoutField() {
    return new VaultSecret(path, version, Optional.empty());
  }

  @Override
  public String format() {
    return "vault://" + path
        + (version.isPresent() ? "?version=" + version.getAsLong() : "")
        + field.map(f -> "#" + Percent.encode(f)).orElse("");
  }

  @Override
  public String toString() {
    return format();
  }
}

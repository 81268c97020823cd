package dev.secretfn.vault;

import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;

/** {@code vault://MOUNT/PATH[?version=N][#FIELD]}. */
final class VaultSyntax implements ReferenceSyntax {
  @Inject
  VaultSyntax() {}

  @Override
  public Scheme scheme() {
    return VaultSecret.SCHEME;
  }

  @Override
  public VaultSecret parse(ReferenceParts parts) {
    return new VaultSecret(parts.path(), parts.positiveParameter("version"), parts.field());
  }
}

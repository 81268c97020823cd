package dev.secretfn.samples.extension;

import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;

/** Parses {@code acme://NAME[?version=N][#FIELD]} with core's shared rules. */
final class AcmeSyntax implements ReferenceSyntax {
  @Inject
  AcmeSyntax() {}

  @Override
  public Scheme scheme() {
    return AcmeSecret.SCHEME;
  }

  @Override
  public AcmeSecret parse(ReferenceParts parts) {
    return new AcmeSecret(parts.path(), parts.positiveParameter("version"), parts.field());
  }
}

package dev.secretfn.gcp.storage;

import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;

/** {@code gs://BUCKET/OBJECT[?generation=N][#FIELD]}. */
final class GcsSyntax implements ReferenceSyntax {
  @Inject
  GcsSyntax() {}

  @Override
  public Scheme scheme() {
    return GcsObject.SCHEME;
  }

  @Override
  public GcsObject parse(ReferenceParts parts) {
    return new GcsObject(
        parts.bucket(), parts.objectName(), parts.positiveParameter("generation"), parts.field());
  }
}

package dev.secretfn.gcp.storage;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;

/** {@code berglas://BUCKET/OBJECT[#GENERATION]}, as the Berglas tool writes it; {@code ?destination=} is refused. */
final class BerglasSyntax implements ReferenceSyntax {
  @Inject
  BerglasSyntax() {}

  @Override
  public Scheme scheme() {
    return BerglasObject.SCHEME;
  }

  @Override
  public BerglasObject parse(ReferenceParts parts) {
    if (parts.query().filter(q -> q.startsWith("destination=")).isPresent()) {
      throw new InvalidReferenceException(
          "'?destination=' makes Berglas write the secret to a file or the environment; secretfn keeps"
              + " secrets in memory only, so remove it");
    }
    parts.noQuery();
    return new BerglasObject(parts.bucket(), parts.objectName(), parts.positiveFragment("generation"));
  }
}

package dev.secretfn.gcp.secretmanager;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * {@code gcp-sm://projects/P[/locations/L]/secrets/S/versions/V[#FIELD]}. The version is required, so that a
 * reader of the deployment always sees which version a function reads.
 */
final class SecretManagerSyntax implements ReferenceSyntax {
  private static final String SHAPE = "expected projects/PROJECT/secrets/SECRET/versions/VERSION, or"
      + " projects/PROJECT/locations/LOCATION/secrets/SECRET/versions/VERSION for a regional secret";

  @Inject
  SecretManagerSyntax() {}

  @Override
  public Scheme scheme() {
    return SecretManagerSecret.SCHEME;
  }

  @Override
  public SecretManagerSecret parse(ReferenceParts parts) {
    parts.noQuery();
    String[] segments = parts.path().split("/", -1);
    if (segments.length < 4 || !segments[0].equals("projects")) {
      throw new InvalidReferenceException(SHAPE);
    }
    int at = 2;
    Optional<String> location = Optional.empty();
    if (segments[at].equals("locations")) {
      if (segments.length < 6) {
        throw new InvalidReferenceException(SHAPE);
      }
      location = Optional.of(SecretManagerNames.location(segments[at + 1]));
      at += 2;
    }
    if (!segments[at].equals("secrets")) {
      throw new InvalidReferenceException(SHAPE);
    }
    if (segments.length == at + 2) {
      throw new InvalidReferenceException("the version is required, so that the deployment shows which version"
          + " the function reads: end the name with /versions/NUMBER (or /versions/latest, which is logged as"
          + " unpinned at every start)");
    }
    if (segments.length != at + 4 || !segments[at + 2].equals("versions")) {
      throw new InvalidReferenceException(SHAPE);
    }
    return new SecretManagerSecret(SecretManagerNames.project(segments[1]), location,
        SecretManagerNames.secret(segments[at + 1]), SecretManagerNames.version(segments[at + 3]), parts.field());
  }
}

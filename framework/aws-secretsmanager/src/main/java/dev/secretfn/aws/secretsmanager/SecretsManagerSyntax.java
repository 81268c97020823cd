package dev.secretfn.aws.secretsmanager;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * {@code aws-sm://NAME-OR-ARN[?versionId=ID | ?versionStage=LABEL][#FIELD]}. The path is taken as written: no
 * character a name, ARN or label may hold needs an escape, so a {@code %} is refused rather than decoded.
 */
final class SecretsManagerSyntax implements ReferenceSyntax {
  private static final String VERSION_ID = "versionId";
  private static final String VERSION_STAGE = "versionStage";

  @Inject
  SecretsManagerSyntax() {}

  @Override
  public Scheme scheme() {
    return SecretsManagerSecret.SCHEME;
  }

  @Override
  public SecretsManagerSecret parse(ReferenceParts parts) {
    Optional<String> query = parts.query();
    Optional<String> versionId = Optional.empty();
    Optional<String> versionStage = Optional.empty();
    if (query.isPresent()) {
      if (query.get().startsWith(VERSION_ID + "=")) {
        versionId = parts.optionalParameter(VERSION_ID);
      } else if (query.get().startsWith(VERSION_STAGE + "=")) {
        versionStage = parts.optionalParameter(VERSION_STAGE);
      } else {
        throw new InvalidReferenceException(
            "unknown or misplaced parameter: this scheme takes only '?versionId=' or '?versionStage='");
      }
    }
    return new SecretsManagerSecret(parts.path(), versionId, versionStage, parts.field());
  }
}

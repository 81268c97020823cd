package dev.secretfn.gcp.secretmanager;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;
import java.util.OptionalLong;

/**
 * Berglas's {@code sm://PROJECT/SECRET[#VERSION]}, read as Berglas reads it (the fragment is the version; none
 * means {@code latest}; secrets are not nested), but strictly: the names follow Secret Manager's rules, and
 * Berglas's {@code ?destination=} is refused, because it writes the secret to a file.
 */
final class BerglasSecretManagerSyntax implements ReferenceSyntax {
  @Inject
  BerglasSecretManagerSyntax() {}

  @Override
  public Scheme scheme() {
    return BerglasSecretManagerSecret.SCHEME;
  }

  @Override
  public BerglasSecretManagerSecret parse(ReferenceParts parts) {
    if (parts.query().isPresent()) {
      if (parts.query().get().startsWith("destination=")) {
        throw new InvalidReferenceException("Berglas's '?destination=' writes the secret to a file, and secretfn"
            + " never writes a secret to a file: drop '?destination=...' and read the value secretfn injects (if a"
            + " library needs a file, mount the secret as a volume and use a file: reference)");
      }
      throw new InvalidReferenceException("sm:// takes no '?' parameters (Berglas's only one, destination, is"
          + " refused)");
    }
    String path = parts.path();
    int slash = path.indexOf('/');
    if (slash < 0) {
      throw new InvalidReferenceException("expected sm://PROJECT/SECRET");
    }
    String secret = path.substring(slash + 1);
    if (secret.indexOf('/') >= 0) {
      throw new InvalidReferenceException("Secret Manager secrets are not nested: expected sm://PROJECT/SECRET"
          + " (a regional secret is written gcp-sm://projects/P/locations/L/secrets/S/versions/V)");
    }
    return new BerglasSecretManagerSecret(SecretManagerNames.project(path.substring(0, slash)),
        SecretManagerNames.secret(secret), version(parts));
  }

  private static OptionalLong version(ReferenceParts parts) {
    if (parts.fragment().isEmpty()) {
      return OptionalLong.empty();
    }
    String fragment = parts.fragment().get();
    if (fragment.isEmpty()) {
      throw new InvalidReferenceException("'#' must be followed by the version: a positive number or 'latest'");
    }
    if (!fragment.equals(SecretManagerNames.LATEST) && !fragment.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidReferenceException("in sm:// the part after '#' is the version (a positive number or"
          + " 'latest'), never a JSON field: to select a field write"
          + " gcp-sm://projects/PROJECT/secrets/SECRET/versions/VERSION#FIELD");
    }
    return SecretManagerNames.version(fragment);
  }
}

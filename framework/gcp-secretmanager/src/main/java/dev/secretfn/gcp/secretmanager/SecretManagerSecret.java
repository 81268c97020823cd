package dev.secretfn.gcp.secretmanager;

import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Secret Manager secret version by its resource name, optionally narrowed to one string field of the JSON it
 * holds: {@code gcp-sm://projects/P/secrets/S/versions/V[#FIELD]}, or for a regional secret {@code
 * gcp-sm://projects/P/locations/L/secrets/S/versions/V[#FIELD]}. {@code V} is a version number, or {@code
 * latest} (an empty {@code version}), which is not {@linkplain #pinned() pinned}.
 *
 * @param project the project id or number
 * @param location the region of a regional secret; empty for a global one
 * @param secret the secret id
 * @param version the version number; empty for {@code latest}
 * @param field the JSON field to select, if any
 */
public record SecretManagerSecret(String project, Optional<String> location, String secret, OptionalLong version,
    Optional<String> field) implements SecretReference {
  /** {@code gcp-sm://} */
  public static final Scheme SCHEME = Scheme.of("gcp-sm");

  public SecretManagerSecret {
    SecretManagerNames.project(project);
    location.ifPresent(SecretManagerNames::location);
    SecretManagerNames.secret(secret);
    version.ifPresent(v -> ReferenceRules.positive(v, "version"));
    field.ifPresent(ReferenceRules::field);
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public SecretManagerSecret withoutField() {
    return new SecretManagerSecret(project, location, secret, version, Optional.empty());
  }

  /** False for {@code latest}: a new version would reach every new instance at once. */
  @Override
  public boolean pinned() {
    return version.isPresent();
  }

  /** {@code projects/P[/locations/L]/secrets/S/versions/V}, as Secret Manager's API names it. */
  public String versionName() {
    return "projects/" + project + location.map(l -> "/locations/" + l).orElse("") + "/secrets/" + secret
        + "/versions/" + SecretManagerNames.written(version);
  }

  @Override
  public String format() {
    return "gcp-sm://" + versionName() + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
  }

  @Override
  public String toString() {
    return format();
  }
}

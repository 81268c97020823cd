package dev.secretfn.gcp.secretmanager;

import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A Secret Manager secret as Berglas names it: {@code sm://PROJECT/SECRET[#VERSION]}, the fragment being the
 * version (a number, or {@code latest}, which is also what no fragment means). Berglas's form has no field. The
 * canonical form writes {@code latest} as Berglas does, without a fragment; such a reference is not {@linkplain
 * #pinned() pinned}.
 *
 * @param project the project id or number
 * @param secret the secret id
 * @param version the version number; empty for {@code latest}
 */
public record BerglasSecretManagerSecret(String project, String secret, OptionalLong version)
    implements SecretReference {
  /** {@code sm://} */
  public static final Scheme SCHEME = Scheme.of("sm");

  public BerglasSecretManagerSecret {
    SecretManagerNames.project(project);
    SecretManagerNames.secret(secret);
    version.ifPresent(v -> ReferenceRules.positive(v, "version"));
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public Optional<String> field() {
    return Optional.empty();
  }

  @Override
  public BerglasSecretManagerSecret withoutField() {
    return this;
  }

  /** False for {@code latest}, written or implied: a new version would reach every new instance at once. */
  @Override
  public boolean pinned() {
    return version.isPresent();
  }

  /** {@code projects/P/secrets/S/versions/V}, as Secret Manager's API names it. */
  public String versionName() {
    return "projects/" + project + "/secrets/" + secret + "/versions/" + SecretManagerNames.written(version);
  }

  @Override
  public String format() {
    return "sm://" + project + "/" + secret + (version.isPresent() ? "#" + version.getAsLong() : "");
  }

  @Override
  public String toString() {
    return format();
  }
}

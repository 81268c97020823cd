package dev.secretfn.aws.secretsmanager;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret of AWS Secrets Manager, by name or complete ARN, optionally pinned to a version id or read at a staging
 * label, and optionally narrowed to one string field of the JSON secret it holds:
 * {@code aws-sm://NAME-OR-ARN[?versionId=ID | ?versionStage=LABEL][#FIELD]}. Without a parameter it reads the
 * version labelled {@code AWSCURRENT}. Immutable.
 */
public final class SecretsManagerSecret implements SecretReference {
  /** {@code aws-sm://} */
  public static final Scheme SCHEME = Scheme.of("aws-sm");
  /** The label Secrets Manager reads without a version or label. */
  public static final String CURRENT = "AWSCURRENT";

  private final String secretId;
  private final Optional<String> versionId;
  private final Optional<String> versionStage;
  private final Optional<String> field;

  /**
   * @param secretId a secret name, or a complete secret ARN (which also names the region to call)
   * @param versionId a version id, which pins the reference
   * @param versionStage a staging label; not with a version id
   * @param field the JSON field to select
   * @throws InvalidReferenceException when a part breaks its rule, or both a version id and a label are given
   */
  public SecretsManagerSecret(String secretId, Optional<String> versionId, Optional<String> versionStage,
      Optional<String> field) {
    this.secretId = SecretsManagerNames.secretId(Objects.requireNonNull(secretId, "secretId"));
    this.versionId = versionId.map(SecretsManagerNames::versionId);
    this.versionStage = versionStage.map(SecretsManagerNames::versionStage);
    this.field = field.map(ReferenceRules::field);
    if (versionId.isPresent() && versionStage.isPresent()) {
      throw new InvalidReferenceException("give either a versionId or a versionStage, not both");
    }
  }

  /** The secret's current version ({@code AWSCURRENT}), whole. */
  public static SecretsManagerSecret of(String secretId) {
    return new SecretsManagerSecret(secretId, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The name or ARN, as sent in {@code SecretId}. */
  public String secretId() {
    return secretId;
  }

  public Optional<String> versionId() {
    return versionId;
  }

  public Optional<String> versionStage() {
    return versionStage;
  }

  /** The ARN, if the reference names the secret by one. */
  public Optional<String> arn() {
    return secretId.startsWith("arn:") ? Optional.of(secretId) : Optional.empty();
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public Optional<String> field() {
    return field;
  }

  @Override
  public SecretsManagerSecret withoutField() {
    return field.isEmpty() ? this : new SecretsManagerSecret(secretId, versionId, versionStage, Optional.empty());
  }

  /** Only a version id names one immutable version: a staging label (AWSCURRENT too) moves on rotation. */
  @Override
  public boolean pinned() {
    return versionId.isPresent();
  }

  @Override
  public String format() {
    return SCHEME.prefix() + secretId
        + versionId.map(v -> "?versionId=" + v).or(() -> versionStage.map(s -> "?versionStage=" + s)).orElse("")
        + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SecretsManagerSecret)) {
      return false;
    }
    SecretsManagerSecret other = (SecretsManagerSecret) o;
    return secretId.equals(other.secretId) && versionId.equals(other.versionId)
        && versionStage.equals(other.versionStage) && field.equals(other.field);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretId, versionId, versionStage, field);
  }

  @Override
  public String toString() {
    return format();
  }
}

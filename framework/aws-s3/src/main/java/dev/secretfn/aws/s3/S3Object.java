package dev.secretfn.aws.s3;

import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Optional;

/**
 * An S3 object, optionally pinned to a version and optionally narrowed to one string field of the JSON
 * object it holds: {@code s3://BUCKET/KEY[?versionId=V][#FIELD]}.
 */
public record S3Object(String bucket, String key, Optional<String> versionId, Optional<String> field)
    implements SecretReference {
  /** {@code s3://} */
  public static final Scheme SCHEME = Scheme.of("s3");

  public S3Object {
    S3Names.bucket(bucket);
    ReferenceRules.objectName(key);
    versionId.ifPresent(S3Names::versionId);
    field.ifPresent(ReferenceRules::field);
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public S3Object withoutField() {
    return new S3Object(bucket, key, versionId, Optional.empty());
  }

  /**
   * Whether it names a version id: without one, the read serves the object's current version, so a new
   * {@code PutObject} reaches every new instance at once (and a refreshing declaration sees it).
   */
  @Override
  public boolean pinned() {
    return versionId.isPresent();
  }

  @Override
  public String format() {
    return "s3://" + bucket + "/" + ReferenceRules.percentEncode(key)
        + versionId.map(v -> "?versionId=" + v).orElse("")
        + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
  }

  @Override
  public String toString() {
    return format();
  }
}

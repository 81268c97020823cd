package dev.secretfn.ref;

import java.util.Optional;

/**
 * An S3 object, optionally pinned to a version and optionally narrowed to one string field of the JSON
 * object it holds: {@code s3://BUCKET/KEY[?versionId=V][#FIELD]}.
 */
public record S3Object(String bucket, String key, Optional<String> versionId, Optional<String> field)
    implements SecretReference {
  public S3Object {
    Names.s3Bucket(bucket);
    Names.objectName(key);
    versionId.ifPresent(Names::s3VersionId);
    field.ifPresent(Names::field);
  }

  @Override
  public Scheme scheme() {
    return Scheme.S3;
  }

  @Override
  public S3Object withoutField() {
    return new S3Object(bucket, key, versionId, Optional.empty());
  }

  @Override
  public String format() {
    return "s3://" + bucket + "/" + Percent.encode(key)
        + versionId.map(v -> "?versionId=" + v).orElse("")
        + field.map(f -> "#" + Percent.encode(f)).orElse("");
  }

  @Override
  public String toString() {
    return format();
  }
}

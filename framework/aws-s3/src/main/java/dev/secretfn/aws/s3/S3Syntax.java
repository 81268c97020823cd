package dev.secretfn.aws.s3;

import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;

/** {@code s3://BUCKET/KEY[?versionId=V][#FIELD]}. */
final class S3Syntax implements ReferenceSyntax {
  @Inject
  S3Syntax() {}

  @Override
  public Scheme scheme() {
    return S3Object.SCHEME;
  }

  @Override
  public S3Object parse(ReferenceParts parts) {
    return new S3Object(
        parts.bucket(), parts.objectName(), parts.optionalParameter("versionId"), parts.field());
  }
}

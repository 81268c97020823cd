package dev.secretfn.aws.s3;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import java.util.regex.Pattern;

/** The S3 name rules of references; messages describe the rule and never quote the input. */
final class S3Names {
  private static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern S3_VERSION = Pattern.compile("[A-Za-z0-9._+/=-]{1,1024}");

  private S3Names() {}

  static String bucket(String bucket) {
    if (!S3_BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new InvalidReferenceException(
          "the bucket name must be 3 to 63 characters of a-z, 0-9, '.' and '-', starting and ending with a"
              + " letter or digit");
    }
    return bucket;
  }

  static String versionId(String versionId) {
    return ReferenceRules.matching(versionId, S3_VERSION,
        "the S3 versionId must be 1 to 1024 characters of A-Z a-z 0-9 . _ + / = -");
  }
}

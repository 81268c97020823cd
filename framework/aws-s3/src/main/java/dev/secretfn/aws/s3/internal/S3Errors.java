package dev.secretfn.aws.s3.internal;

import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.spi.SourceException;

/**
 * Not an API: the failures of an S3 read, worded once for both transports, so that a function reads the same
 * failure whichever it uses. {@link #of} classifies S3's error answers by HTTP status and the {@code
 * <Error><Code>} of their XML body (the official transport passes its exception's status and error code).
 * Messages name the object and the code, never a payload.
 */
public final class S3Errors {
  private S3Errors() {}

  /**
   * The failure for an error answer with {@code status} and error {@code code}.
   *
   * @param code S3's error code, empty when the answer had none
   * @param object the object as failure messages name it ({@code S3Object#describe()})
   */
  public static SourceException of(int status, String code, String object) {
    String what = "S3 answered " + status + (code.isEmpty() ? "" : " " + code) + " for " + object;
    if (status == 403) {
      return SourceException.permanent(Step.FETCH, what)
          .withHint("allow s3:GetObject (and s3:GetObjectVersion for a version pin) on the object to the"
              + " function's role");
    }
    if (status == 404) {
      return SourceException.permanent(Step.FETCH, what + ": no such bucket, key or version")
          .withHint("upload the object, or fix the bucket, key or versionId");
    }
    if (status == 501) {
      // NotImplemented: the service does not offer what the request asks for, which no retry changes.
      return SourceException.permanent(Step.FETCH, what);
    }
    if (AwsErrors.isThrottling(code, status) || status >= 500) {
      return SourceException.retryable(Step.FETCH, what);
    }
    return SourceException.permanent(Step.FETCH, what);
  }

  /** The object's content is over the size limit: permanent, at {@link Step#DECODE}. */
  public static SourceException tooLarge(String object, int maxBytes) {
    return SourceException.permanent(Step.DECODE, object + " is larger than the " + maxBytes + "-byte limit")
        .withHint("store only the secret in the object, or raise AwsSettings.maxObjectBytes");
  }
}

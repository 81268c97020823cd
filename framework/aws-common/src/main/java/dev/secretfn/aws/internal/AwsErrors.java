package dev.secretfn.aws.internal;

import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.EncryptionContext;
import dev.secretfn.spi.SourceException;
import java.io.InterruptedIOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns SDK exceptions into {@link SourceException}s that say whether a retry can help and what to fix.
 * Messages name the resource and the error code; they never carry payloads.
 */
public final class AwsErrors {
  private AwsErrors() {}

  public static SourceException kms(AwsServiceException e, String key, String context) {
    String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    String what = "AWS KMS answered " + e.statusCode() + " " + code + " for " + key;
    switch (code) {
      case "InvalidCiphertextException":
        return SourceException.permanent(Step.DECRYPT, what + ": the ciphertext does not decrypt with " + context
            + " (another context or key, or a damaged value)").withCause(e).withHint("encrypt with aws kms encrypt"
            + " --encryption-context matching the function, or set AwsSettings.encryptionContext to the one used");
      case "IncorrectKeyException":
        return SourceException.permanent(Step.DECRYPT, what + ": the ciphertext was made under another key")
            .withCause(e).withHint("re-encrypt the value with the key the reference names");
      case "AccessDeniedException":
        return SourceException.permanent(Step.DECRYPT, what).withCause(e).withHint("allow kms:Decrypt on the key"
            + " to the function's role (conditioned on kms:EncryptionContext:LambdaFunctionName)");
      case "NotFoundException":
      case "DisabledException":
      case "InvalidKeyUsageException":
      case "KMSInvalidStateException":
        return SourceException.permanent(Step.DECRYPT, what).withCause(e)
            .withHint("check that the key exists, is enabled and is a symmetric encryption key");
      default:
        if (e.isThrottlingException() || e.statusCode() >= 500 || "KMSInternalException".equals(code)
            || "KeyUnavailableException".equals(code) || "DependencyTimeoutException".equals(code)) {
          return SourceException.retryable(Step.DECRYPT, what).withCause(e);
        }
        return SourceException.permanent(Step.DECRYPT, what).withCause(e);
    }
  }

  public static SourceException s3(AwsServiceException e, String object) {
    String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    String what = "S3 answered " + e.statusCode() + " " + code + " for " + object;
    if (e.statusCode() == 403) {
      return SourceException.permanent(Step.FETCH, what).withCause(e)
          .withHint("allow s3:GetObject (and s3:GetObjectVersion for a version pin) on the object to the"
              + " function's role");
    }
    if (e.statusCode() == 404) {
      return SourceException.permanent(Step.FETCH, what + ": no such bucket, key or version").withCause(e)
          .withHint("upload the object, or fix the bucket, key or versionId");
    }
    if (e.isThrottlingException() || e.statusCode() >= 500 || e.statusCode() == 429) {
      return SourceException.retryable(Step.FETCH, what).withCause(e);
    }
    return SourceException.permanent(Step.FETCH, what).withCause(e);
  }

  /**
   * The client, built on first use. Building fails with an {@link IllegalStateException} when a setting it
   * needs is missing (AWS_REGION); that is a permanent set-up failure with the builder's message, not an
   * unexpected error of the source.
   */
  public static <T> T built(Lazy<T> client) throws SourceException {
    try {
      return client.get();
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage()).withCause(e);
    }
  }

  /** A transport failure: retryable, unless the thread was interrupted (the deadline passed). */
  public static SourceException client(SdkClientException e, String resource, Step step) throws InterruptedException {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof InterruptedIOException) {
        if (Thread.currentThread().isInterrupted() || t instanceof InterruptedException) {
          throw new InterruptedException("interrupted while calling AWS");
        }
      }
    }
    if (e instanceof ApiCallTimeoutException) {
      return SourceException.retryable(step, "AWS did not answer for " + resource
          + " within the time left before the start-up deadline").withCause(e);
    }
    if (e instanceof software.amazon.awssdk.core.exception.RetryableException
        && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("checksum")) {
      return SourceException.retryable(Step.VERIFY, "the response for " + resource
          + " failed the SDK's integrity check (checksum mismatch: corrupted in transit)").withCause(e);
    }
    return SourceException.retryable(step, "calling AWS for " + resource + " failed: "
        + e.getClass().getSimpleName()).withCause(e);
  }
}

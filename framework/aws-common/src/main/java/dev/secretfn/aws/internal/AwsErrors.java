package dev.secretfn.aws.internal;

import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.EncryptionContext;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns AWS's error answers and failed exchanges into {@link SourceException}s that say whether a retry can help
 * and what to fix, the same for the lean transports and the official clients. Messages name the resource and the
 * error code; they never carry payloads.
 */
public final class AwsErrors {
  /** The SDK's throttling error codes ({@code AwsErrorCode.THROTTLING_ERROR_CODES}, SDK 2.57). */
  private static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException",
      "ThrottledException", "ProvisionedThroughputExceededException", "SlowDown", "TooManyRequestsException",
      "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "RequestThrottledException",
      "EC2ThrottledException", "TransactionInProgressException");

  private AwsErrors() {}

  /**
   * An AWS KMS error answer, whichever transport received it: the lean one passes the code it parsed from the
   * answer ({@link AwsServiceError}), the official client the code of its {@code AwsServiceException}.
   *
   * @param code the error code without namespace ({@code InvalidCiphertextException}); empty if the answer had none
   * @param status the HTTP status
   * @param key the key as messages name it
   * @param context the encryption context as messages describe it
   * @param cause kept for stack traces; its message is not shown
   */
  public static SourceException kms(String code, int status, String key, String context, Throwable cause) {
    String what = "AWS KMS answered " + status + (code.isEmpty() ? "" : " " + code) + " for " + key;
    switch (code) {
      case "InvalidCiphertextException":
        return SourceException.permanent(Step.DECRYPT, what + ": the ciphertext does not decrypt with " + context
            + " (another context or key, or a damaged value)").withCause(cause).withHint("encrypt with aws kms"
            + " encrypt --encryption-context matching the function, or set AwsSettings.encryptionContext to the one"
            + " used");
      case "IncorrectKeyException":
        return SourceException.permanent(Step.DECRYPT, what + ": the ciphertext was made under another key")
            .withCause(cause).withHint("re-encrypt the value with the key the reference names");
      case "AccessDeniedException":
        return SourceException.permanent(Step.DECRYPT, what).withCause(cause).withHint("allow kms:Decrypt on the"
            + " key to the function's role (conditioned on kms:EncryptionContext:LambdaFunctionName)");
      case "NotFoundException":
      case "DisabledException":
      case "InvalidKeyUsageException":
      case "KMSInvalidStateException":
        return SourceException.permanent(Step.DECRYPT, what).withCause(cause)
            .withHint("check that the key exists, is enabled and is a symmetric encryption key");
      default:
        if (isThrottling(code, status) || status >= 500 || "KMSInternalException".equals(code)
            || "KeyUnavailableException".equals(code) || "DependencyTimeoutException".equals(code)) {
          return SourceException.retryable(Step.DECRYPT, what).withCause(cause);
        }
        return SourceException.permanent(Step.DECRYPT, what).withCause(cause);
    }
  }

  /**
   * Whether an error answer is throttling, as the SDK's {@code AwsServiceException#isThrottlingException} decides:
   * status 429, or one of the SDK's throttling error codes.
   */
  public static boolean isThrottling(String code, int status) {
    return status == 429 || THROTTLING_CODES.contains(code);
  }

  /**
   * A failed exchange with AWS, whichever transport saw it: the lean one passes {@code HttpExchange}'s
   * exception, the official client the {@link IOException} inside its {@code SdkClientException}. A timeout is
   * the deadline; a refused TLS certificate and an oversized answer are permanent; anything else (refused,
   * reset or cut connections) is retryable.
   *
   * @param resource the resource as messages name it
   */
  public static SourceException transport(IOException e, String resource, Step step) {
    if (e instanceof SocketTimeoutException) {
      return SourceException.retryable(step, "AWS did not answer for " + resource
          + " within the time left before the start-up deadline").withCause(e);
    }
    if (e instanceof HttpExchange.BodyTooLargeException) {
      return SourceException.permanent(step, "the answer of AWS for " + resource + " was refused: "
          + e.getMessage()).withCause(e).withHint("check that the endpoint is AWS's (AWS_ENDPOINT_URL)");
    }
    if (certificateRefused(e)) {
      return SourceException.permanent(step, "the TLS certificate of the AWS endpoint was refused for " + resource
          + ": " + e.getClass().getSimpleName()).withCause(e).withHint("check the endpoint (AWS_ENDPOINT_URL,"
          + " AWS_REGION) and that the JVM's trust store holds the endpoint's certificate authority");
    }
    return SourceException.retryable(step, "calling AWS for " + resource + " failed: "
        + e.getClass().getSimpleName()).withCause(e);
  }

  /** Whether the TLS handshake failed on the certificate (chain not trusted, expired, or for another host). */
  private static boolean certificateRefused(IOException e) {
    if (e instanceof SSLPeerUnverifiedException) {
      return true;
    }
    if (!(e instanceof SSLHandshakeException)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof GeneralSecurityException) {
        return true;
      }
    }
    return false;
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

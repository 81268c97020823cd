package dev.secretfn.gcp.internal;

import dev.secretfn.Step;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns failed Google Cloud calls into {@link SourceException}s that say whether a retry can help and what to
 * fix. Messages name the resource and the status; they never carry payloads, nor the service's own message (it
 * may echo a request). The Cloud KMS classification is transport-neutral: status names and I/O errors in, the
 * same failure out for the lean and the official transport. (Cloud Storage's are classified by {@code
 * StorageErrors} in secretfn-gcp-storage, for both of its transports.)
 */
public final class GcpErrors {
  private static final String CERTIFICATE_HINT = "check the Cloud KMS endpoint: its TLS certificate must be valid,"
      + " issued for its host name, and signed by a certificate authority in the JVM's trust store";

  private GcpErrors() {}

  /**
   * Cloud KMS answered with an error. Transport-neutral: the lean transport reads {@code status} from the
   * answer ({@link GoogleApiError#status}), the official one from its client's exception; both give the same
   * failure for the same answer.
   *
   * @param status Google's canonical status name ({@code PERMISSION_DENIED}, {@code NOT_FOUND}, ...)
   * @param requestChecksumRejected whether Cloud KMS said a request checksum did not match its field ({@link
   *     #isKmsChecksumRejection})
   * @param cause kept for stack traces (its message is not shown), and searched for an interrupt; may be null
   * @throws InterruptedException when the call was interrupted rather than answered
   */
  public static SourceException kms(String status, boolean requestChecksumRejected, String cryptoKey, Step step,
      Throwable cause) throws InterruptedException {
    String what = "Cloud KMS answered " + status + " for " + cryptoKey;
    switch (status) {
      case "PERMISSION_DENIED":
      case "UNAUTHENTICATED":
        return caused(SourceException.permanent(step, what), cause).withHint(
            "grant roles/cloudkms.cryptoKeyDecrypter on " + cryptoKey + " to the function's service account");
      case "NOT_FOUND":
        return caused(SourceException.permanent(step, what), cause).withHint(
            "check the CryptoKey name (in the reference or KMS_CRYPTO_KEY_ID) and that the key exists");
      case "INVALID_ARGUMENT":
        if (requestChecksumRejected) {
          // The request's CRC32C did not match its bytes on arrival: damaged on the way, so worth another try.
          return interruptedOr(cause, caused(SourceException.retryable(Step.VERIFY, what + ": the request"
              + " failed its CRC32C check at Cloud KMS (corrupted in transit)"), cause));
        }
        return caused(SourceException.permanent(step, what + ": the ciphertext does not decrypt with this key"
                + " (another key, other additional authenticated data, or a damaged or truncated value)"), cause)
            .withHint("re-encrypt the value with this key; if ciphertexts are bound to variables, with"
                + " --additional-authenticated-data-file holding the variable's name");
      case "FAILED_PRECONDITION":
        return caused(SourceException.permanent(step, what + ": the key version is not enabled"), cause)
            .withHint("enable the CryptoKey version that encrypted the value, or re-encrypt it");
      case "UNAVAILABLE":
      case "RESOURCE_EXHAUSTED":
      case "INTERNAL":
      case "ABORTED":
      case "DEADLINE_EXCEEDED":
      case "UNKNOWN":
        return interruptedOr(cause, caused(SourceException.retryable(step, what), cause));
      case "CANCELLED":
        // secretfn cancels no call (an interrupt is reported as such), and the transport did not fail.
        return interruptedOr(cause, caused(SourceException.permanent(step, what), cause));
      default:
        return caused(SourceException.permanent(step, what), cause);
    }
  }

  /**
   * Whether a Cloud KMS error message says that a request checksum ({@code ciphertext_crc32c}, {@code
   * additional_authenticated_data_crc32c}) did not match its field. Only searched, never quoted.
   */
  public static boolean isKmsChecksumRejection(String message) {
    String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
    return m.contains("crc32c") && m.contains("did not match");
  }

  /**
   * A Cloud KMS call got no answer: the connection failed or was cut ({@code e}, from either transport).
   *
   * @param cause kept for stack traces and searched for an interrupt ({@code e} itself, or the client's
   *     exception around it)
   */
  public static SourceException kmsUnanswered(IOException e, String cryptoKey, Step step, Throwable cause)
      throws InterruptedException {
    if (e instanceof SocketTimeoutException) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while calling Google Cloud");
      }
      return kmsTimeout(cryptoKey, step);
    }
    String what = "calling Cloud KMS for " + cryptoKey + " failed: ";
    if (e instanceof HttpExchange.CertificateRefusedException || e instanceof SSLPeerUnverifiedException
        || (e instanceof SSLHandshakeException && refusedCertificate(e))) {
      // The server's certificate was refused (untrusted, expired, another host): the same on every attempt.
      String refusal = e instanceof HttpExchange.CertificateRefusedException
          ? e.getMessage() : e.getClass().getSimpleName() + " (the server's TLS certificate was refused)";
      return SourceException.permanent(step, what + refusal).withCause(cause).withHint(CERTIFICATE_HINT);
    }
    return interruptedOr(cause, SourceException.retryable(step, what + e.getClass().getSimpleName())
        .withCause(cause));
  }

  /** Whether the JDK refused the server's certificate ({@code e}'s causes hold a CertificateException). */
  private static boolean refusedCertificate(IOException e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
      if (t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  /** A Cloud KMS call did not answer within the time left before the start-up deadline. */
  public static SourceException kmsTimeout(String cryptoKey, Step step) {
    return SourceException.retryable(step, "Cloud KMS did not answer for " + cryptoKey
        + " before the start-up deadline");
  }

  /** An interrupted call surfaces as a client exception; report the interrupt instead. */
  private static SourceException interruptedOr(Throwable e, SourceException otherwise) throws InterruptedException {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof InterruptedIOException) {
        throw new InterruptedException("interrupted while calling Google Cloud");
      }
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted while calling Google Cloud");
    }
    return otherwise;
  }

  private static SourceException caused(SourceException e, Throwable cause) {
    return cause == null ? e : e.withCause(cause);
  }
}

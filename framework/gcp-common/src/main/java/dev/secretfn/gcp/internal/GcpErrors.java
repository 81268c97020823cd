package dev.secretfn.gcp.internal;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Turns Cloud KMS client exceptions into {@link SourceException}s that say whether a retry can help and what to
 * fix. Messages name the resource and the status; they never carry payloads. (Cloud Storage's are classified by
 * {@code StorageErrors} in secretfn-gcp-storage, for both of its transports.)
 */
public final class GcpErrors {
  private GcpErrors() {}

  /** A Cloud KMS call failed. */
  public static SourceException kms(ApiException e, String cryptoKey, Step step) throws InterruptedException {
    StatusCode.Code code = e.getStatusCode().getCode();
    // gax-httpjson reports a connection lost before (UNKNOWN) or during (CANCELLED) the answer this way.
    Throwable transport =
        code == StatusCode.Code.UNKNOWN || code == StatusCode.Code.CANCELLED ? transportCause(e) : null;
    String what = transport != null
        ? "calling Cloud KMS for " + cryptoKey + " failed: " + transport.getClass().getSimpleName()
        : "Cloud KMS answered " + code + " for " + cryptoKey;
    switch (code) {
      case PERMISSION_DENIED:
      case UNAUTHENTICATED:
        return SourceException.permanent(step, what).withCause(e).withHint(
            "grant roles/cloudkms.cryptoKeyDecrypter on " + cryptoKey + " to the function's service account");
      case NOT_FOUND:
        return SourceException.permanent(step, what).withCause(e).withHint(
            "check the CryptoKey name (in the reference or KMS_CRYPTO_KEY_ID) and that the key exists");
      case INVALID_ARGUMENT:
        return SourceException.permanent(step, what + ": the ciphertext does not decrypt with this key (another"
                + " key, other additional authenticated data, or a damaged or truncated value)").withCause(e)
            .withHint("re-encrypt the value with this key; if ciphertexts are bound to variables, with"
                + " --additional-authenticated-data-file holding the variable's name");
      case FAILED_PRECONDITION:
        return SourceException.permanent(step, what + ": the key version is not enabled").withCause(e)
            .withHint("enable the CryptoKey version that encrypted the value, or re-encrypt it");
      case UNAVAILABLE:
      case RESOURCE_EXHAUSTED:
      case INTERNAL:
      case ABORTED:
      case DEADLINE_EXCEEDED:
      case UNKNOWN:
        return interruptedOr(e, SourceException.retryable(step, what).withCause(e));
      case CANCELLED:
        // secretfn cancels no call (an interrupt is reported as such): this is the transport giving up.
        if (transport == null) {
          return interruptedOr(e, SourceException.permanent(step, what).withCause(e));
        }
        return interruptedOr(e, SourceException.retryable(step, what).withCause(e));
      default:
        return SourceException.permanent(step, what).withCause(e);
    }
  }

  /** The I/O error under a client exception that never got an answer (a reset connection), if any. */
  private static Throwable transportCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException && !(t instanceof com.google.api.client.http.HttpResponseException)) {
        return t;
      }
    }
    return null;
  }

  /** An interrupted call surfaces as a client exception; report the interrupt instead. */
  private static SourceException interruptedOr(Exception e, SourceException otherwise) throws InterruptedException {
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
}

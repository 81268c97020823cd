package dev.secretfn.gcp.storage.internal;

import dev.secretfn.Step;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Not an API: the one classification of Cloud Storage failures, whichever transport met them. It takes what the
 * service said (the HTTP status and the {@code reason} of its JSON error) or the I/O failure, and says whether a
 * retry can help and what to fix. The lean transport reads the status and the JSON error from the answer; the
 * official one passes its {@code StorageException}'s code and reason. Messages name the object and the status;
 * they never carry payloads.
 */
public final class StorageErrors {
  /** The reasons google-cloud-storage retries whatever the status ({@code StorageException.RETRYABLE_ERRORS}). */
  private static final Set<String> RETRYABLE_REASONS = Set.of("internalError", "connectionClosedPrematurely");
  private static final String SIZE_HINT = "store only the secret in the object, or raise GcpSettings.maxObjectBytes";

  private StorageErrors() {}

  /**
   * Cloud Storage answered {@code status} for {@code object}; 0 means no answer came (a transport error the
   * official client reports as code 0).
   *
   * @param reason the first {@code errors[].reason} of the JSON error, if any
   * @param cause what the transport threw, or null
   * @throws InterruptedException when the call failed because the thread was interrupted
   */
  public static SourceException answered(int status, Optional<String> reason, String object, Step step,
      Throwable cause) throws InterruptedException {
    String what = "Cloud Storage answered " + (status == 0 ? "with a transport error" : "HTTP " + status)
        + " for " + object;
    Optional<String> refused = status == 0 ? certificateRefusal(cause) : Optional.empty();
    if (refused.isPresent()) {
      // A certificate that does not verify stays so: not worth a retry, and it must say what went wrong.
      return SourceException.permanent(step, "calling Cloud Storage for " + object + " failed: " + refused.get())
          .withCause(cause).withHint("give the endpoint a certificate for its host name, signed by a CA in the"
              + " JVM's trust store (behind a TLS-inspecting proxy, add the proxy's CA to it)");
    }
    switch (status) {
      case 401:
      case 403:
        return caused(SourceException.permanent(step, what), cause).withHint("grant roles/storage.objectViewer on "
            + bucketOf(object) + " (or storage.objects.get on the object) to the function's service account");
      case 404:
        return caused(SourceException.permanent(step, what + ": no such object or generation"), cause)
            .withHint("upload the object, or fix the bucket, object name or pinned generation");
      case 412:
        return caused(SourceException.permanent(step, what + ": the pinned generation does not match"), cause)
            .withHint("pin the object's current generation, or remove the pin");
      case 0:
      case 408:
      case 429:
      case 500:
      case 502:
      case 503:
      case 504:
        return interruptedOr(cause, caused(SourceException.retryable(step, what), cause));
      default:
        return reason.filter(RETRYABLE_REASONS::contains).isPresent()
            ? caused(SourceException.retryable(step, what), cause)
            : caused(SourceException.permanent(step, what), cause);
    }
  }

  /**
   * Reading {@code object} failed with {@code e}, an I/O failure that google-cloud-storage's reader reports
   * unwrapped (the lean transport reports every failed exchange as status 0, as the client's exceptions do):
   * retryable.
   *
   * @throws InterruptedException when the call failed because the thread was interrupted
   */
  public static SourceException io(IOException e, String object, Step step) throws InterruptedException {
    return interruptedOr(e, SourceException.retryable(step, "reading " + object + " failed: "
        + e.getClass().getSimpleName()).withCause(e));
  }

  /**
   * The read of {@code object} went past the {@code maxBytes} limit.
   *
   * @param received the {@code Content-Encoding} the bytes came with: the limit then applied to them as stored
   */
  public static SourceException tooLarge(String object, int maxBytes, Optional<String> received) {
    return SourceException.permanent(Step.DECODE, object + " is larger than the " + maxBytes + "-byte limit"
        + (received.isPresent() ? " (as stored, " + named(received.get()) + "-compressed)" : ""))
        .withHint(SIZE_HINT);
  }

  /** What to do about an object too large to read, for messages of the same kind. */
  public static String sizeHint() {
    return SIZE_HINT;
  }

  /** An encoding as a message may show it: it comes from the object's metadata, so only a short, plain token. */
  public static String named(String encoding) {
    String plain = encoding.replaceAll("[^a-z0-9._+-]", "?");
    return plain.length() <= 32 ? plain : plain.substring(0, 32) + "...";
  }

  private static SourceException caused(SourceException e, Throwable cause) {
    return cause == null ? e : e.withCause(cause);
  }

  /** An interrupted call surfaces as a client or I/O exception; report the interrupt instead. */
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

  /**
   * What was wrong with the certificate, when the exchange failed because it was refused (untrusted, expired, for
   * another host): {@link HttpExchange.CertificateRefusedException}'s words (host, port, reason) on the lean
   * transport, the JDK's exception's name under the official client's. Empty for anything else, a handshake cut by
   * the network included, which stays retryable.
   */
  private static Optional<String> certificateRefusal(Throwable cause) {
    SSLHandshakeException handshake = null;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof HttpExchange.CertificateRefusedException) {
        return Optional.of(t.getMessage());
      }
      if (t instanceof SSLPeerUnverifiedException) {
        return Optional.of("refused its TLS certificate (" + t.getClass().getSimpleName() + ")");
      }
      if (t instanceof SSLHandshakeException && handshake == null) {
        handshake = (SSLHandshakeException) t;
      }
      if (handshake != null && (t instanceof CertificateException || t instanceof CertPathValidatorException)) {
        return Optional.of("refused its TLS certificate (" + handshake.getClass().getSimpleName() + ")");
      }
    }
    return Optional.empty();
  }

  /** The bucket of a described {@code gs://} or {@code berglas://} object, named as gcloud names it. */
  static String bucketOf(String object) {
    int scheme = object.indexOf("://");
    if (scheme < 0) {
      return object;
    }
    int start = scheme + "://".length();
    int slash = object.indexOf('/', start);
    return "gs://" + (slash < 0 ? object.substring(start) : object.substring(start, slash));
  }
}

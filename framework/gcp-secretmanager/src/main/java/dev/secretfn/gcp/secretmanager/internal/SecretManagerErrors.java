package dev.secretfn.gcp.secretmanager.internal;

import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GoogleApiError;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.OptionalLong;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Not an API: turns failed Secret Manager calls into {@link SourceException}s that say whether a retry can help and what to
 * fix. Messages name the secret version and Google's status; never the payload, nor Google's own message (only
 * searched, to tell a disabled version from a destroyed one and a missing secret from a missing version). Shared
 * by the lean and the official-client transports, so that both fail alike.
 */
public final class SecretManagerErrors {
  public static final String SIZE_HINT = "store only the secret in the version, or raise GcpSettings.maxObjectBytes";
  private static final String CERTIFICATE_HINT = "check the Secret Manager endpoint: its TLS certificate must be"
      + " valid, issued for its host name, and signed by a certificate authority in the JVM's trust store";

  private SecretManagerErrors() {}

  /** What Google's error message says, as far as a fix depends on it. */
  public enum Detail {
    NONE,
    DISABLED,
    DESTROYED,
    VERSION_NOT_FOUND;

    /**
     * Reads a Secret Manager error message ({@code Secret Version [...] is in DISABLED state.}, ...). The bracketed
     * resource name is dropped first: a secret id such as {@code disabled-flags} must not read as a state.
     */
    public static Detail of(String message) {
      String m = message == null ? "" : message.replaceAll("\\[[^\\]]*\\]", "[]").toUpperCase(Locale.ROOT);
      if (m.contains("DESTROYED")) {
        return DESTROYED;
      }
      if (m.contains("DISABLED")) {
        return DISABLED;
      }
      if (m.contains("SECRET VERSION") && m.contains("NOT FOUND")) {
        return VERSION_NOT_FOUND;
      }
      return NONE;
    }
  }

  /**
   * Secret Manager answered HTTP {@code httpStatus} with Google's JSON error {@code body} (or whatever a proxy
   * answered) for {@code name}: its {@code status}, else the HTTP status's canonical name, and the fix its message
   * calls for. Both transports read an error answer through here.
   */
  public static SourceException answered(int httpStatus, byte[] body, String name, OptionalLong version)
      throws InterruptedException {
    return answered(GoogleApiError.status(httpStatus, body), detail(body), name, version);
  }

  /** Which of the fixes applies, from the error's message (searched, never kept). */
  private static Detail detail(byte[] body) {
    for (Detail d : Detail.values()) {
      if (d != Detail.NONE && GoogleApiError.messageMatches(body, m -> Detail.of(m) == d)) {
        return d;
      }
    }
    return Detail.NONE;
  }

  /**
   * Secret Manager answered {@code status} (Google's canonical name) for {@code name}
   * ({@code projects/P[/locations/L]/secrets/S/versions/V}).
   */
  public static SourceException answered(String status, Detail detail, String name, OptionalLong version)
      throws InterruptedException {
    String what = "Secret Manager answered " + status + " for " + name;
    String secret = name.substring(0, name.indexOf("/versions/"));
    String secretId = secret.substring(secret.lastIndexOf('/') + 1);
    String project = name.substring("projects/".length(), name.indexOf('/', "projects/".length()));
    // gcloud reaches a regional secret only with --location.
    int at = name.indexOf("/locations/");
    String scope = " --project " + project + (at < 0 ? ""
        : " --location " + name.substring(at + "/locations/".length(), name.indexOf('/', at + "/locations/".length())));
    switch (status) {
      case "PERMISSION_DENIED":
        return SourceException.permanent(Step.FETCH, what + " (denied, or the secret does not exist)").withHint(
            "grant roles/secretmanager.secretAccessor on the secret " + secret + " (not on the project) to the"
                + " function's service account, and check that the secret exists");
      case "UNAUTHENTICATED":
        return SourceException.permanent(Step.FETCH, what + ": the credentials were refused").withHint(
            "check the function's service account and its credentials");
      case "NOT_FOUND":
        if (detail == Detail.VERSION_NOT_FOUND && version.isPresent()) {
          return SourceException.permanent(Step.FETCH, what + ": the secret has no version "
              + version.getAsLong()).withHint("pin a version that exists (gcloud secrets versions list "
              + secretId + scope + ")");
        }
        return SourceException.permanent(Step.FETCH, what + ": the secret does not exist or has no versions")
            .withHint("create the secret and add a version (printf %s \"$VALUE\" | gcloud secrets create "
                + secretId + scope + " --data-file=-), or correct the name");
      case "FAILED_PRECONDITION": {
        String which = version.isPresent() ? "version " + version.getAsLong()
            : "the newest version (what 'latest' reads, whatever its state)";
        if (detail == Detail.DESTROYED) {
          return SourceException.permanent(Step.FETCH, what + ": " + which + " is destroyed").withHint(
              "a destroyed version cannot be read again: pin an enabled version, or add a new one");
        }
        return SourceException.permanent(Step.FETCH, what + ": " + which + " is disabled").withHint(
            "enable it (gcloud secrets versions enable " + (version.isPresent() ? version.getAsLong() : "N")
                + " --secret " + secretId + scope + ") or pin an enabled version");
      }
      case "UNAVAILABLE":
      case "RESOURCE_EXHAUSTED":
      case "INTERNAL":
      case "ABORTED":
      case "DEADLINE_EXCEEDED":
      case "UNKNOWN":
        return interruptedOr(SourceException.retryable(Step.FETCH, what));
      case "INVALID_ARGUMENT":
        return SourceException.permanent(Step.FETCH, what).withHint(
            "check the reference against docs/references.md (Secret Manager refused the name)");
      default:
        return SourceException.permanent(Step.FETCH, what);
    }
  }

  /** The payload of {@code name} is over the size limit (both transports, whichever sees it first). */
  public static SourceException tooLarge(String name, int maxBytes) {
    return SourceException.permanent(Step.DECODE, "the payload of " + name + " is larger than the " + maxBytes
        + "-byte limit").withHint(SIZE_HINT);
  }

  /** A call got no answer: the connection failed or was cut, or timed out. */
  public static SourceException unanswered(IOException e, String name) throws InterruptedException {
    if (e instanceof SocketTimeoutException) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while calling Secret Manager");
      }
      return timeout(name);
    }
    String what = "calling Secret Manager for " + name + " failed: ";
    if (e instanceof HttpExchange.CertificateRefusedException || e instanceof SSLPeerUnverifiedException
        || (e instanceof SSLHandshakeException && refusedCertificate(e))) {
      String refusal = e instanceof HttpExchange.CertificateRefusedException
          ? e.getMessage() : e.getClass().getSimpleName() + " (the server's TLS certificate was refused)";
      return SourceException.permanent(Step.FETCH, what + refusal).withCause(e).withHint(CERTIFICATE_HINT);
    }
    if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted while calling Secret Manager");
    }
    return SourceException.retryable(Step.FETCH, what + e.getClass().getSimpleName()).withCause(e);
  }

  public static SourceException timeout(String name) {
    return SourceException.retryable(Step.FETCH, "Secret Manager did not answer for " + name
        + " before the start-up deadline");
  }

  private static boolean refusedCertificate(IOException e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
      if (t instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static SourceException interruptedOr(SourceException otherwise) throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted while calling Secret Manager");
    }
    return otherwise;
  }
}

package dev.secretfn.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLHandshakeException;

/**
 * Not an API: one HTTP exchange on the JDK's {@link HttpURLConnection}, the lean start-up transport every
 * store shares. The JDK's oldest client on purpose: it loads a fraction of the classes of {@code
 * java.net.http.HttpClient} or of a cloud SDK and starts no thread, which matters for the handful of calls a
 * function makes at cold start (docs/cold-start.md has the measurements). Keep-alive is the JDK's.
 *
 * <p>What it guarantees, whoever calls it:
 * <ul>
 *   <li>TLS is the JDK's: {@code https://} verifies the certificate chain against the default trust store and
 *       the host name (RFC 2818). A refused certificate (untrusted, expired or not yet valid, for another host)
 *       is a {@link CertificateRefusedException} that names the host and the reason; no retry can fix it.
 *   <li>Plain {@code http://} is refused unless the host is a loopback address ({@link #requireSafe}): only an
 *       explicit emulator setting points a store there, and nothing is sent in clear over a network.
 *   <li>Redirects are never followed (they would carry credentials elsewhere): a 3xx is returned as it is.
 *   <li>The body is read up to a limit, and a body cut short by the peer (fewer bytes than its {@code
 *       Content-Length}, which the JDK reports as a plain end of stream) is an {@link IOException}, so a
 *       truncated secret is never returned as a whole one.
 * </ul>
 */
public final class HttpExchange {
  private HttpExchange() {}

  /** The answer's body went past the caller's limit; nothing of it is kept. */
  public static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(int limit) {
      super("the answer is larger than " + limit + " bytes");
    }
  }

  /**
   * The server's TLS certificate was refused: not signed by a trusted authority, expired or not yet valid, or
   * issued for another host. The message names the host, the port and the reason; the JDK's exception is the
   * cause. Another attempt meets the same certificate, so callers treat it as permanent. An {@link
   * SSLHandshakeException}, so code that catches that keeps working; other handshake failures (a connection
   * dropped mid-handshake) stay plain {@code SSLHandshakeException}s and may pass on a retry.
   */
  public static final class CertificateRefusedException extends SSLHandshakeException {
    private static final long serialVersionUID = 1L;

    CertificateRefusedException(String message, Throwable cause) {
      super(message);
      initCause(cause);
    }
  }

  /** Status, headers and body of an answer. The body may hold secret material: callers wipe it. */
  public static final class Response {
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    Response(int status, Map<String, List<String>> headers, byte[] body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    public int status() {
      return status;
    }

    /** The body itself, not a copy: the caller owns it and must {@link #wipe} it. */
    public byte[] body() {
      return body;
    }

    /** The first value of a header, by case-insensitive name. */
    public Optional<String> header(String name) {
      List<String> values = headers(name);
      return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** Every value of a header, by case-insensitive name; empty, never null. */
    public List<String> headers(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? List.of() : values;
    }

    public void wipe() {
      Arrays.fill(body, (byte) 0);
    }

    /** Status and size only: the body may be a secret. */
    @Override
    public String toString() {
      return "Response[" + status + ", " + body.length + " bytes]";
    }
  }

  /**
   * Refuses an endpoint that would send a request in clear over a network: {@code https://} is allowed for any
   * host, {@code http://} only for a loopback host ({@code 127.0.0.0/8}, {@code localhost}, {@code ::1}).
   *
   * @throws IllegalArgumentException naming the endpoint and why
   */
  public static URI requireSafe(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return uri;
    }
    if (scheme.equals("http") && (isLoopback(uri.getHost()) || isMetadataServer(uri.getHost()))) {
      return uri;
    }
    throw new IllegalArgumentException("refusing " + uri.getScheme() + "://" + uri.getHost()
        + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + ": secretfn sends requests over https, and plain"
        + " http only to a loopback emulator or the platform's metadata server");
  }

  /**
   * Whether {@code host} is the platform's metadata server, which only speaks plain http and never leaves the
   * host: Google's {@code metadata.google.internal}, or a link-local literal ({@code 169.254.0.0/16}, as
   * {@code 169.254.169.254} and the container credentials' {@code 169.254.170.2}; {@code fd00:ec2::254}).
   */
  public static boolean isMetadataServer(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("metadata.google.internal") || h.matches("169\\.254\\.[0-9]{1,3}\\.[0-9]{1,3}")
        || h.equalsIgnoreCase("fd00:ec2::254");
  }

  /** Whether {@code host} names this machine by a literal loopback address or as {@code localhost}. */
  public static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literals: a name that resolves to loopback today may not tomorrow.
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Sends one request and reads the whole answer, whatever its status, up to {@code maxBody} bytes.
   *
   * @param headers request headers; {@code Content-Type} among them when there is a body
   * @param body the request body, or null for none
   * @param timeout bounds the connect and each read (at least 1 ms)
   * @throws BodyTooLargeException when the body goes past {@code maxBody}
   * @throws CertificateRefusedException when the server's TLS certificate is refused (permanent)
   * @throws IOException when the exchange fails (connection refused or reset, a failed handshake, a timeout, a
   *     body cut short); callers treat it as retryable unless it is a {@link CertificateRefusedException}
   * @throws InterruptedException when the thread was interrupted (the start-up deadline passed)
   * @throws IllegalArgumentException when the endpoint is refused by {@link #requireSafe}
   */
  public static Response exchange(String method, URI uri, Map<String, String> headers, byte[] body,
      Duration timeout, int maxBody) throws IOException, InterruptedException {
    requireSafe(uri);
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    try {
      connection.setRequestMethod(method);
      connection.setConnectTimeout(millis);
      connection.setReadTimeout(millis);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      headers.forEach(connection::setRequestProperty);
      if (body != null) {
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body);
        }
      }
      int status = connection.getResponseCode();
      Map<String, List<String>> answerHeaders = headersOf(connection);
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      byte[] answer = in == null ? new byte[0] : readLimited(in, maxBody);
      // No stream at all: HttpURLConnection withholds the body of a 401 to a streamed POST. The status stands.
      long declared = in == null ? -1 : connection.getContentLengthLong();
      if (declared >= 0 && declared != answer.length && !method.equals("HEAD")) {
        Arrays.fill(answer, (byte) 0);
        connection.disconnect();
        throw new IOException("the answer ended after " + answer.length + " of its " + declared
            + " bytes (connection cut mid-answer)");
      }
      return new Response(status, answerHeaders, answer);
    } catch (BodyTooLargeException e) {
      connection.disconnect(); // the rest of the body is not wanted: do not reuse the connection
      throw e;
    } catch (SSLHandshakeException e) {
      connection.disconnect();
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while calling " + uri.getHost());
      }
      throw certificateRefusal(uri, e).orElseThrow(() -> e);
    } catch (InterruptedIOException e) {
      connection.disconnect();
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while calling " + uri.getHost());
      }
      throw e;
    } catch (IOException e) {
      connection.disconnect();
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while calling " + uri.getHost());
      }
      throw e;
    }
  }

  /**
   * A {@link CertificateRefusedException} saying why, when the JDK refused the server's certificate (the cause
   * chain holds a {@link CertificateException}); empty for a handshake that failed for another reason.
   */
  private static Optional<CertificateRefusedException> certificateRefusal(URI uri, SSLHandshakeException e) {
    Throwable refusal = null;
    String reason = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
      if (t instanceof CertificateExpiredException) {
        reason = "it has expired (" + t.getMessage() + ")";
      } else if (t instanceof CertificateNotYetValidException) {
        reason = "it is not valid yet (" + t.getMessage() + ")";
      } else if (t instanceof CertPathBuilderException && reason == null) {
        reason = "it is not signed by a trusted certificate authority (no chain to the JVM's trust store)";
      } else if (t instanceof CertificateException && refusal == null) {
        refusal = t;
      }
    }
    if (refusal == null) {
      return Optional.empty();
    }
    String detail = String.valueOf(refusal.getMessage());
    if (reason == null && (detail.startsWith("No subject alternative") || detail.startsWith("No name matching"))) {
      reason = "it does not name " + uri.getHost() + " (" + detail + ")";
    } else if (reason == null) {
      reason = "(" + detail + ")";
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 443;
    return Optional.of(new CertificateRefusedException(
        "refused the TLS certificate of " + uri.getHost() + ":" + port + ": " + reason, e));
  }

  private static Map<String, List<String>> headersOf(HttpURLConnection connection) {
    Map<String, List<String>> headers = new TreeMap<>();
    connection.getHeaderFields().forEach((name, values) -> {
      if (name != null) {
        headers.put(name.toLowerCase(Locale.ROOT), values == null ? List.of() : List.copyOf(values));
      }
    });
    return Collections.unmodifiableMap(headers);
  }

  private static byte[] readLimited(InputStream in, int maxBody) throws IOException {
    try (in) {
      byte[] buffer = new byte[Math.min(8192, maxBody + 1)];
      int length = 0;
      int read;
      while ((read = in.read(buffer, length, buffer.length - length)) >= 0) {
        length += read;
        if (length > maxBody) {
          Arrays.fill(buffer, (byte) 0);
          throw new BodyTooLargeException(maxBody);
        }
        if (length == buffer.length) {
          byte[] bigger = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxBody + 1));
          Arrays.fill(buffer, (byte) 0);
          buffer = bigger;
        }
      }
      byte[] body = Arrays.copyOf(buffer, length);
      Arrays.fill(buffer, (byte) 0);
      return body;
    }
  }
}

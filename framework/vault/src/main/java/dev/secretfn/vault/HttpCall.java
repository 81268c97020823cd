package dev.secretfn.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * One HTTP exchange on {@link HttpURLConnection}. The JDK's oldest client on purpose: it loads a fraction of
 * the classes of {@code java.net.http.HttpClient} and starts no selector thread, which matters for a
 * handful of calls at cold start (see docs/vault.md for the measurement). Keep-alive is the JDK's.
 */
final class HttpCall {
  /** Vault's responses here are small; a KV secret is limited to 512 KiB by Vault itself by default. */
  static final int MAX_BODY = 1024 * 1024;

  private HttpCall() {}

  /** Status and body of a response; the body may hold secret material, so callers wipe it. */
  static final class Response {
    final int status;
    final byte[] body;

    Response(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    void wipe() {
      Arrays.fill(body, (byte) 0);
    }

    @Override
    public String toString() {
      return "Response[" + status + ", " + body.length + " bytes]";
    }
  }

  /**
   * Sends one request and reads the whole response, whatever its status.
   *
   * @throws IOException when the exchange fails, or the body is larger than {@link #MAX_BODY}
   * @throws InterruptedException when the thread was interrupted (the deadline passed)
   */
  static Response exchange(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout)
      throws IOException, InterruptedException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    try {
      connection.setRequestMethod(method);
      connection.setConnectTimeout(millis);
      connection.setReadTimeout(millis);
      connection.setInstanceFollowRedirects(false); // a redirect would carry the token elsewhere
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
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      return new Response(status, in == null ? new byte[0] : readLimited(in));
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while calling " + uri.getHost());
      }
      throw e;
    } catch (IOException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while calling " + uri.getHost());
      }
      connection.disconnect();
      throw e;
    }
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    try (in) {
      byte[] buffer = new byte[8192];
      int length = 0;
      int read;
      while ((read = in.read(buffer, length, buffer.length - length)) >= 0) {
        length += read;
        if (length == buffer.length) {
          if (buffer.length > MAX_BODY) {
            Arrays.fill(buffer, (byte) 0);
            throw new IOException("the response is larger than " + MAX_BODY + " bytes");
          }
          byte[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
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

package dev.secretfn.testing.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * One HTTP request as an emulator received it, before any knob acted on it. Immutable and thread-safe.
 *
 * <pre>{@code
 * RecordedRequest last = kms.requests().get(kms.requests().size() - 1);
 * assertThat(last.path()).endsWith(":decrypt");
 * assertThat(last.header("x-goog-api-client")).isPresent();
 * }</pre>
 *
 * <p>{@link #toString()} shows the method, path, query and body size, never the body: request bodies carry
 * plaintexts (KMS encrypt) and ciphertexts.
 */
public final class RecordedRequest {
  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.query = query == null ? "" : query;
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = body.clone();
  }

  /** The HTTP method, e.g. {@code POST}. */
  public String method() {
    return method;
  }

  /** The request path exactly as sent, still percent-encoded (e.g. {@code /storage/v1/b/b/o/a%2Fb}). */
  public String path() {
    return path;
  }

  /** The query exactly as sent, without the {@code ?}, still encoded; empty when there was none. */
  public String query() {
    return query;
  }

  /**
   * The first value of query parameter {@code name}, decoded (as {@code application/x-www-form-urlencoded});
   * empty when the parameter is absent.
   */
  public Optional<String> queryParameter(String name) {
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** All request headers; the map is unmodifiable and its lookups ignore case. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of header {@code name} (any case); empty when the header is absent. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A copy of the request body; empty, never null, when there was none. */
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body with its {@code Content-Encoding} undone (the official clients gzip uploads); the raw body when
   * there is none or it is {@code identity}.
   *
   * @throws IOException if the body is not valid for its content encoding, or the encoding is not gzip
   */
  byte[] entity() throws IOException {
    String encoding = header("Content-Encoding").orElse("identity").trim().toLowerCase(Locale.ROOT);
    if (encoding.equals("identity")) {
      return body.clone();
    } else if (encoding.equals("gzip")) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        return in.readAllBytes();
      }
    }
    throw new IOException("unsupported Content-Encoding " + encoding);
  }

  /** The request body decoded as UTF-8 (malformed sequences replaced). */
  public String bodyUtf8() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " (" + body.length + " body bytes)";
  }
}

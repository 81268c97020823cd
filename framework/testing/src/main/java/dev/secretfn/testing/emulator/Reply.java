package dev.secretfn.testing.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response an emulator is about to send: status, headers and a body (possibly empty). Internal to
 * secretfn's emulators, like {@link HttpEmulator}: not an API.
 */
public final class Reply {
  public static final String JSON_UTF8 = "application/json; charset=UTF-8";

  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final byte[] body;
  private boolean chunked;

  private Reply(int status, String contentType, byte[] body) {
    this.status = status;
    this.body = body;
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
  }

  /** A JSON answer: {@code value} is written with {@link Json#write}. */
  public static Reply json(int status, Object value) {
    return new Reply(status, JSON_UTF8, Json.write(value).getBytes(StandardCharsets.UTF_8));
  }

  public static Reply bytes(int status, String contentType, byte[] body) {
    return new Reply(status, contentType, body);
  }

  /** An answer without a body (e.g. 304 Not Modified). */
  public static Reply empty(int status) {
    return new Reply(status, null, new byte[0]);
  }

  /** Sets header {@code name}, replacing an earlier value. */
  public Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /**
   * Sends the body with chunked transfer coding, without {@code Content-Length} (as Cloud Storage sends a
   * decompressively transcoded object).
   */
  public Reply chunked() {
    chunked = true;
    return this;
  }

  /** The length argument of {@code HttpExchange.sendResponseHeaders}: -1 for no body, 0 for chunked. */
  long lengthArgument() {
    return body.length == 0 ? -1 : chunked ? 0 : body.length;
  }

  int status() {
    return status;
  }

  Map<String, String> headers() {
    return headers;
  }

  byte[] body() {
    return body;
  }
}

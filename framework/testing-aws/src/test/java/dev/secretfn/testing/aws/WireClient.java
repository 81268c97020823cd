package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A plain java.net.http client for wire tests. One per test: a fresh connection pool, so that a dropped
 * connection is never silently retried by the JDK client as a stale pooled connection.
 */
final class WireClient {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private final String endpoint;

  WireClient(String endpoint) {
    this.endpoint = endpoint;
  }

  HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery))
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body))
        .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    return send("GET", pathAndQuery, new byte[0], headers);
  }

  /** An AWS JSON 1.1 call: {@code POST /} with {@code X-Amz-Target: TrentService.<operation>}. */
  HttpResponse<byte[]> kms(String operation, String json) throws IOException, InterruptedException {
    return send("POST", "/", json.getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/x-amz-json-1.1", "X-Amz-Target", "TrentService." + operation);
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** The response body as a JSON object. */
  static Map<String, Object> json(HttpResponse<byte[]> response) {
    try {
      return Json.parseObject(text(response));
    } catch (Json.MalformedJsonException e) {
      throw new AssertionError("not a JSON object: " + text(response), e);
    }
  }
}

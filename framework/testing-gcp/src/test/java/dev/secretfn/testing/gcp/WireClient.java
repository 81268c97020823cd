package dev.secretfn.testing.gcp;

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

  HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  HttpResponse<byte[]> post(String pathAndQuery, String contentType, byte[] body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + pathAndQuery))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  HttpResponse<byte[]> postJson(String pathAndQuery, String json) throws IOException, InterruptedException {
    return post(pathAndQuery, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The response body as a JSON object. */
  static Map<String, Object> json(HttpResponse<byte[]> response) {
    try {
      return Json.parseObject(new String(response.body(), StandardCharsets.UTF_8));
    } catch (Json.MalformedJsonException e) {
      throw new AssertionError("not a JSON object: " + new String(response.body(), StandardCharsets.UTF_8), e);
    }
  }

  /** The {@code error} object of a Google JSON error response. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> error(HttpResponse<byte[]> response) {
    Object error = json(response).get("error");
    if (!(error instanceof Map)) {
      throw new AssertionError("no error object in " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return (Map<String, Object>) error;
  }
}

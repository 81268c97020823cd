package dev.secretfn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HttpURLConnection treats the answers to a streamed POST specially; HttpExchange must not. */
class HttpExchangeStreamedPostTest {
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void exchange_401ToAPost_returnsTheStatus() throws Exception {
    // HttpURLConnection withholds the body of a 401 to a streamed request; the answer is still a 401.
    URI uri = serve(401, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}");

    HttpExchange.Response response = HttpExchange.exchange("POST", uri, Map.of("Content-Type", "application/json"),
        "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5), 1024);

    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void exchange_403ToAPost_returnsStatusAndBody() throws Exception {
    URI uri = serve(403, "{\"error\":{}}");

    HttpExchange.Response response = HttpExchange.exchange("POST", uri, Map.of(),
        "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5), 1024);

    assertThat(response.status()).isEqualTo(403);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":{}}");
  }

  private URI serve(int status, String body) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }
}

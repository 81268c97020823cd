package dev.secretfn.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lean transport's promises over plain HTTP to a loopback emulator: loopback allowed, redirects returned as
 * they are, bodies bounded and checked against their length, and no response body in any message. Here, not in
 * core's tests, because the emulators live in this module, which depends on core; core's {@code
 * HttpExchangeEndpointRulesTest} covers the endpoint rules that need no server.
 */
class HttpExchangeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void exchange_plainHttpToLoopbackByAddressOrName_isAllowed() throws Exception {
    try (HttpEmulator http = serve(request -> text(200, "served " + request.path()))) {
      HttpExchange.Response byAddress = get(URI.create(http.endpoint() + "/a"), 1024);
      HttpExchange.Response byName = get(URI.create("http://localhost:" + http.port() + "/b"), 1024);

      assertThat(new String(byAddress.body(), UTF_8)).isEqualTo("served /a");
      assertThat(new String(byName.body(), UTF_8)).isEqualTo("served /b");
      assertThat(byAddress.header("CONTENT-TYPE")).hasValue("text/plain");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 303, 307, 308})
  void exchange_redirect_isReturnedAsItIsAndNotFollowed(int status) throws Exception {
    try (HttpEmulator http = serve(request -> request.path().equals("/start")
        ? Reply.bytes(status, "text/plain", "moved".getBytes(UTF_8)).header("Location", "/elsewhere")
        : text(200, "followed"))) {
      HttpExchange.Response response = HttpExchange.exchange("POST", URI.create(http.endpoint() + "/start"),
          Map.of("Content-Type", "text/plain", "Authorization", "Bearer token"), "body".getBytes(UTF_8), TIMEOUT,
          1024);

      assertThat(response.status()).isEqualTo(status);
      assertThat(response.header("Location")).hasValue("/elsewhere");
      assertThat(new String(response.body(), UTF_8)).isEqualTo("moved");
      assertThat(http.requests()).extracting(RecordedRequest::path).containsExactly("/start");
    }
  }

  @Test
  void exchange_errorStatus_returnsTheAnswerWithItsBody() throws Exception {
    try (HttpEmulator http = serve(request -> text(404, "no such key"))) {
      HttpExchange.Response response = get(URI.create(http.endpoint() + "/a"), 1024);

      assertThat(response.status()).isEqualTo(404);
      assertThat(new String(response.body(), UTF_8)).isEqualTo("no such key");
    }
  }

  @Test
  void exchange_bodyExactlyAtTheLimit_isReturned() throws Exception {
    try (HttpEmulator http = serve(request -> text(200, "x".repeat(1024)))) {
      assertThat(get(URI.create(http.endpoint() + "/a"), 1024).body()).hasSize(1024);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 500})
  void exchange_bodyPastTheLimit_throwsBodyTooLarge(int status) {
    try (HttpEmulator http = serve(request -> text(status, "x".repeat(1025)))) {
      assertThatThrownBy(() -> get(URI.create(http.endpoint() + "/a"), 1024))
          .isInstanceOf(HttpExchange.BodyTooLargeException.class)
          .hasMessage("the answer is larger than 1024 bytes");
    }
  }

  @Test
  void exchange_chunkedBodyPastTheLimit_throwsBodyTooLarge() {
    try (HttpEmulator http = serve(request -> text(200, "x".repeat(100_000)).chunked())) {
      assertThatThrownBy(() -> get(URI.create(http.endpoint() + "/a"), 1024))
          .isInstanceOf(HttpExchange.BodyTooLargeException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST"})
  void exchange_bodyShorterThanItsContentLength_throwsIOException(String method) {
    try (HttpEmulator http = serve(request -> text(200, "0123456789abcdef"))) {
      http.knobs().truncateNext(1);

      assertThatThrownBy(() -> HttpExchange.exchange(method, URI.create(http.endpoint() + "/a"),
          Map.of("Content-Type", "text/plain"), method.equals("POST") ? new byte[] {1} : null, TIMEOUT, 1024))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(HttpExchange.BodyTooLargeException.class)
          .hasMessageContaining("the answer ended after 8 of its 16 bytes");
      assertThat(http.requests()).as("not retried behind the caller's back").hasSize(1);
    }
  }

  @Test
  void exchange_chunkedBodyCutShort_throwsIOException() {
    try (HttpEmulator http = serve(request -> text(200, "0123456789abcdef").chunked())) {
      http.knobs().truncateNext(1);

      assertThatThrownBy(() -> get(URI.create(http.endpoint() + "/a"), 1024)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void exchange_canaryInAResponseBody_isInNoExceptionMessageOrToString() throws Exception {
    try (CanaryAudit audit = CanaryAudit.start()) {
      String canary = audit.canary("response-body");
      String body = "{\"plaintext\":\"" + canary + "\"}" + " ".repeat(2048);
      List<Object> seen = new ArrayList<>();
      try (HttpEmulator http = serve(request -> text(request.path().equals("/redirect") ? 302 : 200, body))) {
        seen.add(catchThrowable(() -> get(URI.create(http.endpoint() + "/too-large"), 1024)));
        http.knobs().truncateNext(1);
        seen.add(catchThrowable(() -> get(URI.create(http.endpoint() + "/truncated"), 4096)));
        HttpExchange.Response redirect = get(URI.create(http.endpoint() + "/redirect"), 4096);
        seen.add(redirect);
        HttpExchange.Response ok = get(URI.create(http.endpoint() + "/ok"), 4096);
        seen.add(ok);
        assertThat(new String(ok.body(), UTF_8)).contains(canary); // the body is there, only never printed
        ok.wipe();
        assertThat(ok.body()).containsOnly(0);
      }

      assertThat(seen.get(0)).isInstanceOf(HttpExchange.BodyTooLargeException.class);
      assertThat(seen.get(1)).isInstanceOf(IOException.class);
      audit.assertAbsentFrom(seen.toArray());
    }
  }

  private static HttpEmulator serve(Function<RecordedRequest, Reply> answer) {
    return HttpEmulator.start("exchange-stub", new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return answer.apply(request);
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.empty(httpStatus);
      }
    });
  }

  private static Reply text(int status, String body) {
    return Reply.bytes(status, "text/plain", body.getBytes(UTF_8));
  }

  private static HttpExchange.Response get(URI uri, int maxBody) throws Exception {
    return HttpExchange.exchange("GET", uri, Map.of(), null, TIMEOUT, maxBody);
  }
}

package dev.secretfn.testing.emulator;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared plumbing, with a stub service that echoes the path, so that nothing here is cloud-specific. */
class HttpEmulatorTest {
  /** Answers 200 with the request path; {@code /park} waits until interrupted. */
  private static final HttpEmulator.Service ECHO = new HttpEmulator.Service() {
    @Override
    public Reply serve(RecordedRequest request) throws InterruptedException {
      if (request.path().equals("/park")) {
        new CountDownLatch(1).await();
      }
      if (request.path().equals("/bug")) {
        throw new IllegalStateException("a bug\nin the emulator");
      }
      return Reply.bytes(200, "text/plain", request.path().getBytes(UTF_8));
    }

    @Override
    public Reply failure(RecordedRequest request, int httpStatus) {
      return Reply.json(httpStatus, Map.of("failed", httpStatus));
    }
  };

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();

  private HttpResponse<String> get(HttpEmulator http, String path) throws IOException, InterruptedException {
    return client.send(HttpRequest.newBuilder(URI.create(http.endpoint() + path)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void start_bindsLoopbackOnAnEphemeralPortAndSetsNodelay() {
    try (HttpEmulator a = HttpEmulator.start("stub-a", ECHO); HttpEmulator b = HttpEmulator.start("stub-b", ECHO)) {
      assertThat(a.endpoint()).matches("http://127\\.0\\.0\\.1:\\d+").endsWith(":" + a.port());
      assertThat(a.endpoint()).isNotEqualTo(b.endpoint());
      assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
    }
  }

  @Test
  void keepAlive_sequentialRequestsOnOneConnection_doNotPayTheNagleDelay() throws Exception {
    try (HttpEmulator http = HttpEmulator.start("stub", ECHO)) {
      get(http, "/warm-up");

      long start = System.nanoTime();
      for (int i = 0; i < 25; i++) {
        assertThat(get(http, "/x").statusCode()).isEqualTo(200);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;

      // Without TCP_NODELAY each of these costs ~40 ms (about a second in all); with it, about a millisecond.
      assertThat(millis).isLessThan(500);
    }
  }

  @Test
  void knobs_failAndDenyAndRecord_beforeAndAroundTheService() throws Exception {
    try (HttpEmulator http = HttpEmulator.start("stub", ECHO)) {
      http.knobs().failNext(1, 503);
      http.knobs().deny("bucket/private/");

      HttpResponse<String> failed = get(http, "/a");
      HttpResponse<String> served = get(http, "/b?q=1");

      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(failed.body()).isEqualTo("{\"failed\":503}");
      assertThat(served.body()).isEqualTo("/b");
      assertThat(http.denies("bucket/private/key")).isTrue();
      assertThat(http.denies("bucket/public/key")).isFalse();
      assertThat(http.requests()).extracting(RecordedRequest::toString)
          .containsExactly("GET /a (0 body bytes)", "GET /b?q=1 (0 body bytes)");
    }
  }

  @Test
  void serviceBug_answersTheApisServerErrorWithTheCause() throws Exception {
    try (HttpEmulator http = HttpEmulator.start("stub", ECHO)) {
      HttpResponse<String> response = get(http, "/bug");

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.headers().firstValue("X-Emulator-Error"))
          .hasValue("java.lang.IllegalStateException: a bug in the emulator");
    }
  }

  @Test
  void resetNext_dropsTheConnectionWithoutAnAnswer() throws Exception {
    try (HttpEmulator http = HttpEmulator.start("stub", ECHO)) {
      http.knobs().resetNext(1);

      // A POST: the JDK client silently retries an idempotent GET once on a dropped connection.
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(http.endpoint() + "/a"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      assertThat(get(http, "/b").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void truncateNext_sendsHeadersAndHalfTheBodyThenDropsTheConnection() throws Exception {
    try (HttpEmulator http = HttpEmulator.start("stub", ECHO)) {
      http.knobs().truncateNext(1);
      String path = "/0123456789abcdef"; // the echo answers these 17 bytes

      String raw;
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), http.port())) {
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(UTF_8));
        raw = new String(socket.getInputStream().readAllBytes(), UTF_8); // returns at the drop, not the timeout
      }

      assertThat(raw).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Content-length: 17\r\n");
      assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4)).isEqualTo(path.substring(0, 9));
      assertThat(get(http, "/next").body()).isEqualTo("/next");
      assertThat(http.requests()).hasSize(2);
    }
  }

  @Test
  void truncateNext_throughAnHttpClient_failsWhileReadingTheBody() throws Exception {
    try (HttpEmulator http = HttpEmulator.start("stub", ECHO)) {
      http.knobs().truncateNext(1);

      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(http.endpoint() + "/a-long-path"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      assertThat(get(http, "/b").body()).isEqualTo("/b");
    }
  }

  @Test
  void longPolling_parkedRequestsDoNotStarveOthers_andCloseDropsThem() throws Exception {
    HttpEmulator http = HttpEmulator.startLongPolling("stub-long", ECHO);
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      List<Future<HttpResponse<String>>> parked = new ArrayList<>();
      for (int i = 0; i < 12; i++) { // more than the fixed pool's 8 workers
        parked.add(pool.submit(() -> get(http, "/park")));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (http.requests().size() < 12 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }

      assertThat(get(http, "/free").body()).isEqualTo("/free");

      http.close();
      for (Future<HttpResponse<String>> f : parked) {
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
      }
    } finally {
      http.close();
      pool.shutdownNow();
    }
  }

  @Test
  void close_releasesTheWorkerAndDispatcherThreads() throws Exception {
    long before = emulatorThreads();
    HttpEmulator http = HttpEmulator.start("closing-stub", ECHO);
    for (int i = 0; i < 3; i++) {
      get(http, "/x");
    }
    assertThat(emulatorThreads()).isGreaterThan(before);

    http.close();
    http.close(); // idempotent

    long deadline = System.nanoTime() + 2_000_000_000L;
    while (emulatorThreads() > before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(emulatorThreads()).isEqualTo(before);
  }

  private static long emulatorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("closing-stub-") || name.equals("HTTP-Dispatcher"))
        .count();
  }
}

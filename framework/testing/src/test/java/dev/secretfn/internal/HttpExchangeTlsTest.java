package dev.secretfn.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.tls.TestCertificate;
import dev.secretfn.testing.tls.TestPki;
import dev.secretfn.testing.tls.TestTrust;
import dev.secretfn.testing.tls.TlsCases;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The lean transport's TLS against HTTPS emulators on 127.0.0.1: the JDK verifies the chain, the dates and the
 * host name, and a refusal is an {@link SSLHandshakeException} that says what was refused and where. Here, not in
 * core's tests, because the emulators and the test PKI live in this module, which depends on core.
 */
@ResourceLock(TestTrust.RESOURCE)
@SuppressWarnings("try") // a TestTrust is used by being in force
class HttpExchangeTlsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final HttpEmulator.Service ECHO = new HttpEmulator.Service() {
    @Override
    public Reply serve(RecordedRequest request) {
      return Reply.bytes(200, "text/plain", ("served " + request.path()).getBytes(UTF_8));
    }

    @Override
    public Reply failure(RecordedRequest request, int httpStatus) {
      return Reply.empty(httpStatus);
    }
  };

  private final TestPki pki = TestPki.shared();

  @Test
  void exchange_trustedCaAndMatchingHost_returns200() throws Exception {
    try (HttpEmulator https = HttpEmulator.startHttps("tls", ECHO, pki.loopback());
        TestTrust trust = TestTrust.install(pki.ca())) {
      HttpExchange.Response byAddress = get(URI.create(https.endpoint() + "/a"));
      HttpExchange.Response byName = get(URI.create("https://localhost:" + https.port() + "/b"));

      assertThat(byAddress.status()).isEqualTo(200);
      assertThat(new String(byAddress.body(), UTF_8)).isEqualTo("served /a");
      assertThat(byName.status()).isEqualTo(200);
      assertThat(https.requests()).hasSize(2);
    }
  }

  @Test
  void exchange_certificateForAnotherHost_isRefusedNamingTheHost() {
    assertRefused(pki.otherHost(), "127.0.0.1", "does not name 127.0.0.1");
  }

  @Test
  void exchange_selfSignedCertificate_isRefusedAsUntrusted() {
    assertRefused(pki.selfSigned(), "127.0.0.1", "not signed by a trusted certificate authority");
  }

  @Test
  void exchange_expiredCertificate_isRefusedAsExpired() {
    assertRefused(pki.expired(), "127.0.0.1", "expired");
  }

  @Test
  void exchange_testCaNotInstalled_isRefusedByTheJvmsDefaultTrust() {
    try (HttpEmulator https = HttpEmulator.startHttps("tls", ECHO, pki.loopback())) {
      assertThatThrownBy(() -> get(URI.create(https.endpoint() + "/a")))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("not signed by a trusted certificate authority");
      assertThat(https.requests()).isEmpty();
    }
  }

  @TestFactory
  Stream<DynamicTest> tlsCases_onTheBareExchange_areAllRefused() {
    return TlsCases.refusals(endpoint -> {
      HttpExchange.Response response = get(endpoint.resolve("/secret"));
      response.wipe();
    });
  }

  private void assertRefused(TestCertificate certificate, String host, String why) {
    try (HttpEmulator https = HttpEmulator.startHttps("tls", ECHO, certificate);
        TestTrust trust = TestTrust.install(pki.ca())) {
      assertThatThrownBy(() -> get(URI.create(https.endpoint() + "/a")))
          .isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining(host + ":" + https.port())
          .hasMessageContaining(why);
      assertThat(https.requests()).as("nothing crosses a refused handshake").isEmpty();
    }
  }

  private static HttpExchange.Response get(URI uri) throws Exception {
    return HttpExchange.exchange("GET", uri, Map.of(), null, TIMEOUT, 1024);
  }
}

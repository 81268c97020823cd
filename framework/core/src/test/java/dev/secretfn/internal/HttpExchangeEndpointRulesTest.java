package dev.secretfn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which endpoints the lean transport talks to at all, decided before any connection. The exchanges themselves
 * (TLS, redirects, body limits) are tested against emulators in secretfn-testing ({@code
 * dev.secretfn.internal.HttpExchangeTest} and {@code HttpExchangeTlsTest} there), which depends on this module.
 */
class HttpExchangeEndpointRulesTest {
  @ParameterizedTest
  @ValueSource(strings = {"https://cloudkms.googleapis.com/v1/x", "https://10.1.2.3:1/", "https://example.com",
      "https://127.0.0.1:8443/"})
  void requireSafe_https_isAllowedForAnyHost(String uri) {
    assertThat(HttpExchange.requireSafe(URI.create(uri))).isEqualTo(URI.create(uri));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/", "http://127.1.2.3:8080/", "http://localhost:8080/",
      "http://LOCALHOST/", "http://[::1]:8080/", "http://[0:0:0:0:0:0:0:1]/"})
  void requireSafe_plainHttpToLoopback_isAllowed(String uri) {
    assertThat(HttpExchange.requireSafe(URI.create(uri))).isEqualTo(URI.create(uri));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://metadata.google.internal/computeMetadata/v1/", "http://169.254.169.254/latest/",
      "http://169.254.170.2/v2/credentials/x", "http://[fd00:ec2::254]/latest/"})
  void requireSafe_plainHttpToTheMetadataServer_isAllowed(String uri) {
    assertThat(HttpExchange.requireSafe(URI.create(uri))).isEqualTo(URI.create(uri));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.1.2.3:1/", "http://example.com/", "http://192.0.2.1:8080/x",
      "http://127.0.0.1.example.com/", "http://localhost.example/", "http://metadata.google.internal.evil/",
      "http://169.254.169.254.evil.example/", "http://[2001:db8::1]/", "ftp://127.0.0.1/"})
  void requireSafe_plainHttpOrAnotherSchemeElsewhere_isRefusedSayingWhy(String uri) {
    URI endpoint = URI.create(uri);

    assertThatThrownBy(() -> HttpExchange.requireSafe(endpoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("refusing " + endpoint.getScheme() + "://" + endpoint.getHost())
        .hasMessageContaining("secretfn sends requests over https, and plain http only to a loopback emulator or"
            + " the platform's metadata server");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://10.1.2.3:1/", "http://example.com/"})
  void exchange_plainHttpToARemoteHost_isRefusedBeforeAnyConnection(String uri) {
    long start = System.nanoTime();

    // An IllegalArgumentException, not the IOException a connection attempt (refused, unreachable, timed
    // out after the minute given here) would be: nothing was sent.
    assertThatThrownBy(() -> HttpExchange.exchange("POST", URI.create(uri), Map.of("Content-Type", "text/plain"),
        new byte[] {1, 2, 3}, Duration.ofMinutes(1), 1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("refusing http://" + URI.create(uri).getHost());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}

package dev.secretfn.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmulatorEndpointTest {
  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8085", "http://localhost:8085", "http://[::1]:8085",
      "https://127.0.0.1:8443", "https://localhost:8443", "https://[::1]:8443"})
  void requireLoopback_httpOrHttpsOnALoopbackHostWithAPort_isAccepted(String endpoint) {
    assertThat(EmulatorEndpoint.requireLoopback(URI.create(endpoint))).isEqualTo(URI.create(endpoint));
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://cloudkms.googleapis.com", "https://cloudkms.googleapis.com:443",
      "http://10.0.0.1:80", "https://10.0.0.1:443", "http://evil.example:80", "https://127.0.0.1.evil.example:443",
      "http://127.0.0.1", "https://localhost", "http://127.0.0.1:80/path", "https://127.0.0.1:8443/v1/",
      "ftp://127.0.0.1:21", "HTTP://127.0.0.1:80", "localhost:8085", "//127.0.0.1:8085"})
  void requireLoopback_anythingElse_isRefusedForLocalEmulatorsOnly(String endpoint) {
    assertThatThrownBy(() -> EmulatorEndpoint.requireLoopback(URI.create(endpoint)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("an endpoint override must be http://127.0.0.1:PORT or https://127.0.0.1:PORT"
            + " (or localhost, [::1]), not ")
        .hasMessageContaining("overrides are for local emulators only");
  }

  @Test
  void requireLoopback_refused_namesSchemeHostAndPortButNotUserInfoPathOrQuery() {
    assertThatThrownBy(() -> EmulatorEndpoint.requireLoopback(
        URI.create("https://user:hunter2@evil.example:8443/private?token=abc")))
        .hasMessageContaining("not https://evil.example:8443/...:")
        .message().doesNotContain("hunter2").doesNotContain("private").doesNotContain("abc");
    assertThatThrownBy(() -> EmulatorEndpoint.requireLoopback(URI.create("http://10.1.2.3:1")))
        .hasMessageContaining("not http://10.1.2.3:1:");
  }

  @Test
  void fromEnvironment_hostAndPort_isPlainHttp() {
    Environment env = Environment.of(Map.of("EMU", "127.0.0.1:8085"));

    assertThat(EmulatorEndpoint.fromEnvironment(env, "EMU")).contains(URI.create("http://127.0.0.1:8085"));
    assertThat(EmulatorEndpoint.fromEnvironment(env, "UNSET")).isEmpty();
  }

  @Test
  void fromEnvironment_schemeOrRemoteHost_isRefusedNamingTheVariable() {
    for (String value : new String[] {"https://127.0.0.1:8443", "attacker.example:443", "127.0.0.1"}) {
      Environment env = Environment.of(Map.of("EMU", value));

      assertThatThrownBy(() -> EmulatorEndpoint.fromEnvironment(env, "EMU"))
          .as(value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("EMU must be a loopback host:port such as 127.0.0.1:8085");
    }
  }
}

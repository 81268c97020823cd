package dev.secretfn.gcp.secretmanager.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import dev.secretfn.Environment;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Which clients the official transport builds, and how: one per endpoint (global, each location's regional one),
 * each on the first call that needs it and once; one attempt per call, no client-side retry.
 */
class OfficialSecretManagerTransportTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void settings_withoutEmulator_globalIsTheDefaultEndpointAndRegionsTheirRepEndpoint() throws Exception {
    OfficialSecretManagerTransport transport = new OfficialSecretManagerTransport(
        new GcpConfig(GcpSettings.defaults(), Environment.of(Map.of()), TIMEOUT));

    assertThat(transport.settings(OfficialSecretManagerTransport.GLOBAL).getEndpoint())
        .isEqualTo(SecretManagerServiceSettings.getDefaultEndpoint()).isEqualTo("secretmanager.googleapis.com:443");
    assertThat(transport.settings("europe-west1").getEndpoint())
        .isEqualTo("secretmanager.europe-west1.rep.googleapis.com:443");
    assertThat(transport.built()).isEmpty();
  }

  @Test
  void settings_accessSecretVersion_oneAttemptAndNoRetryableCode() throws Exception {
    OfficialSecretManagerTransport transport = new OfficialSecretManagerTransport(
        new GcpConfig(GcpSettings.defaults(), Environment.of(Map.of()), TIMEOUT));

    var access = transport.settings("us-east4").accessSecretVersionSettings();

    assertThat(access.getRetrySettings().getMaxAttempts()).isEqualTo(1);
    assertThat(access.getRetryableCodes()).isEmpty();
  }

  @Test
  void access_globalAndTwoRegions_buildsOneClientPerLocationOnFirstUse() throws Exception {
    try (SecretManagerEmulator sm = SecretManagerEmulator.start()) {
      String global = "projects/p/secrets/s";
      String europe = "projects/p/locations/europe-west1/secrets/s";
      String us = "projects/p/locations/us-east4/secrets/s";
      for (String secret : new String[] {global, europe, us}) {
        sm.createSecret(secret);
        sm.addVersion(secret, secret.getBytes(UTF_8));
      }
      OfficialSecretManagerTransport transport = new OfficialSecretManagerTransport(new GcpConfig(
          GcpSettings.builder().secretManagerEndpoint(URI.create(sm.endpoint())).build(),
          Environment.of(Map.of()), TIMEOUT));
      try {
        assertThat(transport.built()).isEmpty();

        assertThat(read(transport, europe, Optional.of("europe-west1"))).isEqualTo(europe);
        assertThat(transport.built()).containsExactly("europe-west1");

        read(transport, europe, Optional.of("europe-west1"));
        read(transport, global, Optional.empty());
        read(transport, us, Optional.of("us-east4"));
        assertThat(transport.built()).containsExactlyInAnyOrder("europe-west1", OfficialSecretManagerTransport.GLOBAL,
            "us-east4");
        assertThat(sm.requests()).extracting(r -> r.path()).containsExactly(
            "/v1/" + europe + "/versions/1:access", "/v1/" + europe + "/versions/1:access",
            "/v1/" + global + "/versions/1:access", "/v1/" + us + "/versions/1:access");
        assertThat(sm.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEmpty());
      } finally {
        transport.close();
      }
    }
  }

  private static String read(SecretManagerTransport transport, String secret, Optional<String> location)
      throws Exception {
    SecretManagerTransport.Answer answer = transport.access(
        new SecretManagerTransport.Request(secret + "/versions/1", location, OptionalLong.of(1)), TIMEOUT);
    String value = new String(answer.data(), UTF_8);
    Arrays.fill(answer.data(), (byte) 0);
    return value;
  }
}

package dev.secretfn.gcp.kms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.internal.GoogleAuth;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import jakarta.inject.Provider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming of the lean transport: the request path runs on the wire without a secret or a credential,
 * and nothing that fails there escapes.
 */
class LeanCloudKmsPrimeTest {
  /** Priming must never ask for credentials, even where a real call would send them. */
  private static final Provider<GoogleAuth> NO_AUTH = () -> {
    throw new AssertionError("priming asked for Google credentials");
  };

  private final LeanKmsBench bench = new LeanKmsBench();

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void prime_reachableEndpoint_sendsOneDecryptOfThrowawayBytesWithoutCredentials() throws Exception {
    LeanCloudKmsTransport transport = withCredentials(URI.create(bench.kms.endpoint()));

    transport.prime(Duration.ofSeconds(5));

    RecordedRequest request = bench.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/" + LeanCloudKmsTransport.PRIMING_KEY + ":decrypt");
    assertThat(request.header("Authorization")).isEmpty();
    assertThat(request.header("Content-Type")).contains("application/json");
    assertThat(request.header("Connection")).contains("close");
    assertThat(Json.parseObject(request.bodyUtf8())).containsOnlyKeys("ciphertext", "ciphertextCrc32c");
  }

  @Test
  void prime_nothingListening_returnsQuietlyWithinTheTimeout() throws Exception {
    LeanCloudKmsTransport transport = withCredentials(URI.create(bench.kms.endpoint()));
    bench.kms.close();
    long start = System.nanoTime();

    transport.prime(Duration.ofSeconds(2));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void prime_serverSlowerThanTheTimeout_returnsWithinTheTimeout() throws Exception {
    LeanCloudKmsTransport transport = withCredentials(URI.create(bench.kms.endpoint()));
    bench.kms.knobs().latency(Duration.ofSeconds(3));
    long start = System.nanoTime();

    transport.prime(Duration.ofMillis(600));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1200));
  }

  @Test
  void prime_throughTheSource_buildsTheTransportOnceThenFetchesAsUsual() throws Exception {
    try (CanaryAudit audit = CanaryAudit.start()) {
      CloudKmsContractComponent store = CloudKmsContractComponent.of(
          Map.of(GcpSettings.KMS_EMULATOR_HOST, bench.kms.endpoint().substring("http://".length())));
      SecretSource source = store.sources().iterator().next();

      source.prime(Duration.ofSeconds(5));
      source.prime(Duration.ofSeconds(5));

      // The second priming request may be lost with the first one's closed connection (Connection: close), which
      // priming ignores by design; what matters is that priming never sends more, nor anything but a priming key.
      assertThat(bench.requests()).hasSizeBetween(1, 2).allSatisfy(r ->
          assertThat(r.path()).contains(LeanCloudKmsTransport.PRIMING_KEY));
      assertThat(audit.logged("Cloud KMS endpoint overridden")).isEqualTo(1);
      assertThat(bench.decrypt(bench.encrypt("after-priming", ""))).isEqualTo(LeanKmsBench.utf8("after-priming"));
    }
  }

  /** A transport that would send credentials on a real call, and fails the test if it asks for them. */
  private static LeanCloudKmsTransport withCredentials(URI endpoint) {
    return new LeanCloudKmsTransport(endpoint, Optional.of(NO_AUTH));
  }
}

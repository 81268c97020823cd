package dev.secretfn.gcp.kms.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolver;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.gcp.kms.internal.CloudKmsTransport;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lean and the official transport fail alike: for the same emulator fault, the same step, message, fix and
 * retryability reach the user. Both run here, where both are on the class path, against one emulator.
 */
class TransportParityTest {
  private static final String KEY = "projects/secretfn-parity/locations/global/keyRings/r/cryptoKeys/k";
  private static final String OTHER_KEY = "projects/secretfn-parity/locations/global/keyRings/r/cryptoKeys/other";
  private static final ResolverSettings SETTINGS = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(15))
      .maxAttempts(3)
      .initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(20))
      .build();

  /** An emulator fault, as the knobs make it; repeated so that retryable ones outlast every attempt. */
  enum Fault {
    DENIED(k -> k.deny(KEY)),
    BAD_REQUEST(k -> k.failNext(10, 400)),
    FORBIDDEN(k -> k.failNext(10, 403)),
    NOT_FOUND(k -> k.failNext(10, 404)),
    ABORTED(k -> k.failNext(10, 409)),
    PRECONDITION_FAILED(k -> k.failNext(10, 412)),
    THROTTLED(k -> k.failNext(10, 429)),
    INTERNAL(k -> k.failNext(10, 500)),
    NOT_IMPLEMENTED(k -> k.failNext(10, 501)),
    UNAVAILABLE(k -> k.failNext(10, 503)),
    GATEWAY_TIMEOUT(k -> k.failNext(10, 504)),
    UNAUTHENTICATED(k -> k.failNext(10, 401)),
    RESET(k -> k.resetNext(10)),
    TRUNCATED(k -> k.truncateNext(10)),
    CHECKSUM(k -> k.corruptNextChecksum(10));

    final Consumer<EmulatorKnobs> apply;

    Fault(Consumer<EmulatorKnobs> apply) {
      this.apply = apply;
    }
  }

  private CloudKmsEmulator kms;
  private OfficialKmsComponent official;

  @BeforeEach
  void start() {
    kms = CloudKmsEmulator.start();
    kms.createKey(KEY);
    kms.createKey(OTHER_KEY);
  }

  @AfterEach
  void stop() {
    if (official != null) {
      official.kmsClient().get().close();
    }
    kms.close();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void resolve_sameEmulatorFault_failsAlikeOnBothTransports(Fault fault) {
    String reference = reference(KEY, KEY);

    fault.apply.accept(kms.knobs());
    Failure lean = failure(lean(emulatorHost()), reference);
    kms.knobs().reset();
    fault.apply.accept(kms.knobs());
    Failure official = failure(official(emulatorHost()), reference);

    assertThat(describe(official)).isEqualTo(describe(lean));
  }

  @Test
  void resolve_ciphertextOfAnotherKey_failsAlikeOnBothTransports() {
    String reference = reference(KEY, OTHER_KEY);

    assertThat(describe(failure(official(emulatorHost()), reference)))
        .isEqualTo(describe(failure(lean(emulatorHost()), reference)))
        .contains("INVALID_ARGUMENT", "does not decrypt with this key");
  }

  @Test
  void resolve_unknownKey_failsAlikeOnBothTransports() {
    String reference = reference("projects/secretfn-parity/locations/global/keyRings/r/cryptoKeys/gone", KEY);

    assertThat(describe(failure(official(emulatorHost()), reference)))
        .isEqualTo(describe(failure(lean(emulatorHost()), reference)))
        .contains("NOT_FOUND", "check the CryptoKey name");
  }

  @Test
  void resolve_nonJson503FromAProxy_failsAlikeOnBothTransports() {
    try (HttpEmulator proxy = HttpEmulator.start("html-503", new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return Reply.bytes(503, "text/html", "<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.empty(httpStatus);
      }
    })) {
      String host = proxy.endpoint().substring("http://".length());
      String reference = reference(KEY, KEY);

      assertThat(describe(failure(official(host), reference)))
          .isEqualTo(describe(failure(lean(host), reference)))
          .contains("Cloud KMS answered UNAVAILABLE for " + KEY, "after 3 attempts");
    }
  }

  @Test
  void decrypt_requestChecksumRejectedByCloudKms_failsAlikeOnBothTransports() throws Exception {
    byte[] ciphertext = kms.encrypt(KEY, "parity".getBytes(StandardCharsets.UTF_8), new byte[0]);
    CloudKmsTransport.Request damaged = new CloudKmsTransport.Request(
        KEY, ciphertext, CloudKmsDecrypter.crc32c(ciphertext) + 1, new byte[0], 0);

    SourceException lean = failure(lean(emulatorHost()).transport(), damaged);
    SourceException official = failure(official(emulatorHost()).transport(), damaged);

    assertThat(official.getMessage()).isEqualTo(lean.getMessage()).contains("CRC32C");
    assertThat(official.step()).isEqualTo(lean.step()).isEqualTo(Step.VERIFY);
    assertThat(official.isRetryable()).isEqualTo(lean.isRetryable()).isTrue();
    assertThat(official.hint()).isEqualTo(lean.hint());
  }

  private String emulatorHost() {
    return kms.endpoint().substring("http://".length());
  }

  /** A reference to a ciphertext of {@code encryptedWith}, to be decrypted with {@code key}. */
  private String reference(String key, String encryptedWith) {
    return "gcp-kms://" + key + "?ciphertext=" + Base64.getEncoder()
        .encodeToString(kms.encrypt(encryptedWith, "parity-value".getBytes(StandardCharsets.UTF_8), new byte[0]));
  }

  private static LeanKmsComponent lean(String host) {
    LeanKmsComponent component = LeanKmsComponent.of(Map.of(GcpSettings.KMS_EMULATOR_HOST, host));
    assertThat(component.transport().getClass().getSimpleName()).isEqualTo("LeanCloudKmsTransport");
    return component;
  }

  private OfficialKmsComponent official(String host) {
    if (official != null) {
      official.kmsClient().get().close();
    }
    official = OfficialKmsComponent.of(Map.of(GcpSettings.KMS_EMULATOR_HOST, host));
    assertThat(official.transport()).isInstanceOf(OfficialCloudKmsTransport.class);
    return official;
  }

  private static Failure failure(KmsComponent component, String reference) {
    try {
      SecretResolver.create(component.syntaxes(), component.sources(), SETTINGS)
          .resolve(List.of(SecretDeclaration.required("DB_PASS")), Environment.of(Map.of("DB_PASS", reference)));
    } catch (SecretResolutionException e) {
      assertThat(e.failures()).hasSize(1);
      return e.failures().get(0);
    }
    throw new AssertionError("the start-up succeeded");
  }

  private static SourceException failure(CloudKmsTransport transport, CloudKmsTransport.Request request)
      throws InterruptedException {
    try {
      transport.decrypt(request, Duration.ofSeconds(10), Step.DECRYPT);
    } catch (SourceException e) {
      return e;
    }
    throw new AssertionError("the decrypt succeeded");
  }

  /** Everything a user reads of a failure. */
  private static String describe(Failure failure) {
    return "step=" + failure.step() + "; retryable=" + failure.isRetryable() + "; cause=" + failure.cause()
        + "; hint=" + failure.hint().orElse("-");
  }
}

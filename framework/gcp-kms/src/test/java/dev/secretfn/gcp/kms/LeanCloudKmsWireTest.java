package dev.secretfn.gcp.kms;

import static dev.secretfn.gcp.kms.LeanKmsBench.KEY;
import static dev.secretfn.gcp.kms.LeanKmsBench.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GoogleAuth;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.gcp.kms.internal.CloudKmsTransport;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the lean transport puts on the wire, as the Cloud KMS emulator receives it, and where it sends it. */
class LeanCloudKmsWireTest {
  private final LeanKmsBench bench = new LeanKmsBench();

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void decrypt_withoutAdditionalData_postsTheDocumentedJsonToTheKeysDecryptPath() throws Exception {
    byte[] ciphertext = bench.encrypt("wire-plaintext", "");

    byte[] plaintext = bench.decrypt(ciphertext);

    assertThat(plaintext).isEqualTo(utf8("wire-plaintext"));
    RecordedRequest request = bench.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/" + KEY + ":decrypt");
    assertThat(request.query()).isEmpty();
    assertThat(request.header("Content-Type")).contains("application/json");
    assertThat(request.bodyUtf8()).isEqualTo("{\"ciphertext\":\"" + Base64.getEncoder().encodeToString(ciphertext)
        + "\",\"ciphertextCrc32c\":\"" + CloudKmsDecrypter.crc32c(ciphertext) + "\"}");
  }

  @Test
  void decrypt_withAdditionalData_sendsItAndItsChecksumAsDecimalStrings() throws Exception {
    byte[] aad = utf8("DB_PASS");
    byte[] ciphertext = bench.encrypt("bound", "DB_PASS");

    byte[] plaintext = bench.decrypter.decrypt(KEY, ciphertext, aad, LeanKmsBench.TIMEOUT, Step.DECRYPT);

    assertThat(plaintext).isEqualTo(utf8("bound"));
    Map<String, Object> body = Json.parseObject(bench.onlyRequest().bodyUtf8());
    assertThat(body).containsOnlyKeys("ciphertext", "ciphertextCrc32c", "additionalAuthenticatedData",
        "additionalAuthenticatedDataCrc32c");
    assertThat(body.get("additionalAuthenticatedData")).isEqualTo(Base64.getEncoder().encodeToString(aad));
    assertThat(body.get("additionalAuthenticatedDataCrc32c")).isEqualTo(String.valueOf(CloudKmsDecrypter.crc32c(aad)));
    assertThat(body.get("ciphertextCrc32c")).isEqualTo(String.valueOf(CloudKmsDecrypter.crc32c(ciphertext)));
  }

  @Test
  void decrypt_emulatorEndpoint_sendsNoCredentials() throws Exception {
    bench.decrypt(bench.encrypt("no-credentials", ""));

    RecordedRequest request = bench.onlyRequest();
    assertThat(request.header("Authorization")).isEmpty();
    assertThat(request.header("x-goog-user-project")).isEmpty();
  }

  @Test
  void transport_emulatorSetting_isUsedWithoutCredentialsAndLoggedOnce() {
    try (CanaryAudit audit = CanaryAudit.start()) {
      GcpConfig config = config(Map.of(GcpSettings.KMS_EMULATOR_HOST, "127.0.0.1:8085"));
      LeanCloudKmsTransport transport = new LeanCloudKmsTransport(config, () -> {
        throw new AssertionError("no credentials are read for an emulator");
      });

      assertThat(transport.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8085"));
      assertThat(transport.toString()).contains("no credentials");
      assertThat(audit.logged("Cloud KMS endpoint overridden to http://127.0.0.1:8085")).isEqualTo(1);
    }
  }

  @Test
  void transport_noEndpointSetting_callsCloudKmsOverHttps() {
    LeanCloudKmsTransport transport = new LeanCloudKmsTransport(config(Map.of()), () -> null);

    assertThat(transport.endpoint()).isEqualTo(URI.create("https://cloudkms.googleapis.com"));
    assertThat(CloudKmsRest.decryptUri(transport.endpoint(), KEY))
        .isEqualTo(URI.create("https://cloudkms.googleapis.com/v1/" + KEY + ":decrypt"));
  }

  @Test
  void transport_plainHttpToAnotherHost_isRefused() {
    assertThatThrownBy(() -> new LeanCloudKmsTransport(URI.create("http://cloudkms.googleapis.com"),
        Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing http://");
  }

  @Test
  void decrypt_withCredentials_sendsGoogleAuthHeaders() throws Exception {
    // A stand-in for the metadata server's token endpoint, which GoogleAuth calls on Cloud Run functions.
    try (HttpEmulator metadata = HttpEmulator.start("metadata-token", new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return Reply.json(200, Map.of("access_token", "lean-test-token", "expires_in", 3599,
            "token_type", "Bearer"));
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.empty(httpStatus);
      }
    })) {
      GcpConfig config = config(Map.of("K_SERVICE", "fn", "GCE_METADATA_HOST", "127.0.0.1:" + metadata.port()));
      GoogleAuth auth = new GoogleAuth(config);
      LeanCloudKmsTransport transport = new LeanCloudKmsTransport(URI.create(bench.kms.endpoint()),
          Optional.of(() -> auth));

      byte[] plaintext = new CloudKmsDecrypter(() -> transport).decrypt(KEY, bench.encrypt("authorized", ""),
          new byte[0], LeanKmsBench.TIMEOUT, Step.DECRYPT);

      assertThat(plaintext).isEqualTo(utf8("authorized"));
      assertThat(bench.onlyRequest().header("Authorization")).contains("Bearer lean-test-token");
      assertThat(metadata.requests()).singleElement().satisfies(r ->
          assertThat(r.path()).isEqualTo("/computeMetadata/v1/instance/service-accounts/default/token"));
    }
  }

  @Test
  void decryptUri_domainScopedProject_keepsTheColonAndEncodesNothingElse() {
    String key = "projects/example.com:app/locations/europe-west1/keyRings/r_1/cryptoKeys/k-2";

    assertThat(CloudKmsRest.decryptUri(URI.create("https://cloudkms.googleapis.com"), key).getRawPath())
        .isEqualTo("/v1/" + key + ":decrypt");
  }

  @Test
  void decryptUri_reservedCharactersInAKeyFromMetadata_arePercentEncoded() {
    String key = "projects/p/locations/global/keyRings/r?x=1/cryptoKeys/k#frag";

    URI uri = CloudKmsRest.decryptUri(URI.create("https://cloudkms.googleapis.com"), key);

    assertThat(uri.getRawPath())
        .isEqualTo("/v1/projects/p/locations/global/keyRings/r%3Fx%3D1/cryptoKeys/k%23frag:decrypt");
    assertThat(uri.getRawQuery()).isNull();
    assertThat(uri.getRawFragment()).isNull();
  }

  @Test
  void decrypt_keyNameThatIsNoCryptoKey_failsPermanentlyWithoutACall() throws Exception {
    for (String bad : new String[] {KEY + "/cryptoKeyVersions/1", "projects/../locations/global/keyRings/r"
        + "/cryptoKeys/k", "keyRings/r/cryptoKeys/k"}) {
      CloudKmsTransport.Request request = new CloudKmsTransport.Request(bad, new byte[8], 0, new byte[0], 0);

      assertThatThrownBy(() -> bench.transport.decrypt(request, LeanKmsBench.TIMEOUT, Step.DECRYPT))
          .as(bad).isInstanceOfSatisfying(SourceException.class, e -> {
            assertThat(e.isRetryable()).isFalse();
            assertThat(e.step()).isEqualTo(Step.DECRYPT);
            assertThat(e.getMessage()).contains("is not a Cloud KMS CryptoKey name");
          });
    }
    assertThat(bench.requests()).isEmpty();
  }

  private static GcpConfig config(Map<String, String> variables) {
    return new GcpConfig(GcpSettings.defaults(), Environment.of(variables), ResolverSettings.defaults().deadline());
  }
}

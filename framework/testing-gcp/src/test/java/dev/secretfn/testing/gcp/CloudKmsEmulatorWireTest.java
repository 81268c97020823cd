package dev.secretfn.testing.gcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.testing.emulator.RecordedRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloud KMS REST wire protocol, spoken to with a plain HTTP client. */
class CloudKmsEmulatorWireTest {
  private static final String KEY = "projects/p1/locations/global/keyRings/ring/cryptoKeys/key";
  private static final String OTHER_KEY = "projects/p1/locations/global/keyRings/ring/cryptoKeys/other";
  private static final String QUERY = "?$alt=json;enum-encoding=int";
  private static final byte[] AAD = "db.json".getBytes(UTF_8);

  private CloudKmsEmulator kms;
  private WireClient http;

  @BeforeEach
  void start() {
    kms = CloudKmsEmulator.start();
    kms.createKey(KEY);
    kms.createKey(OTHER_KEY);
    http = new WireClient(kms.endpoint());
  }

  @AfterEach
  void stop() {
    kms.close();
  }

  @Test
  void encryptThenDecrypt_withChecksumsAndAad_roundTripsAndVerifies() throws Exception {
    byte[] plaintext = "s3cret-\u00e9".getBytes(UTF_8);
    HttpResponse<byte[]> encrypted = http.postJson("/v1/" + KEY + ":encrypt" + QUERY, "{"
        + "\"plaintext\":\"" + b64(plaintext) + "\","
        + "\"plaintextCrc32c\":\"" + Checksums.crc32c(plaintext) + "\","
        + "\"additionalAuthenticatedData\":\"" + b64(AAD) + "\","
        + "\"additionalAuthenticatedDataCrc32c\":\"" + Checksums.crc32c(AAD) + "\"}");

    assertThat(encrypted.statusCode()).isEqualTo(200);
    assertThat(encrypted.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
    assertThat(encrypted.headers().firstValueAsLong("Content-Length")).hasValue(encrypted.body().length);
    Map<String, Object> e = WireClient.json(encrypted);
    assertThat(e.get("name")).isEqualTo(KEY + "/cryptoKeyVersions/1");
    byte[] ciphertext = Base64.getDecoder().decode((String) e.get("ciphertext"));
    assertThat(e.get("ciphertextCrc32c")).isEqualTo(String.valueOf(Checksums.crc32c(ciphertext)));
    assertThat(e.get("verifiedPlaintextCrc32c")).isEqualTo(true);
    assertThat(e.get("verifiedAdditionalAuthenticatedDataCrc32c")).isEqualTo(true);
    assertThat(number(e.get("protectionLevel"))).isEqualTo(1);
    // Real AES-GCM: a random nonce makes two encryptions of the same plaintext differ.
    assertThat(ciphertext).isNotEqualTo(kms.encrypt(KEY, plaintext, AAD)).hasSizeGreaterThan(plaintext.length + 16);

    // The colon may arrive percent-encoded, as some clients send it.
    HttpResponse<byte[]> decrypted = http.postJson("/v1/" + KEY + "%3Adecrypt" + QUERY, "{"
        + "\"ciphertext\":\"" + b64(ciphertext) + "\","
        + "\"ciphertextCrc32c\":\"" + Checksums.crc32c(ciphertext) + "\","
        + "\"additionalAuthenticatedData\":\"" + b64(AAD) + "\","
        + "\"additionalAuthenticatedDataCrc32c\":\"" + Checksums.crc32c(AAD) + "\"}");

    assertThat(decrypted.statusCode()).isEqualTo(200);
    Map<String, Object> d = WireClient.json(decrypted);
    assertThat(Base64.getDecoder().decode((String) d.get("plaintext"))).isEqualTo(plaintext);
    assertThat(d.get("plaintextCrc32c")).isEqualTo(String.valueOf(Checksums.crc32c(plaintext)));
    assertThat(d.get("usedPrimary")).isEqualTo(true);
    assertThat(number(d.get("protectionLevel"))).isEqualTo(1);
  }

  @Test
  void encrypt_withoutChecksums_reportsThemUnverified() throws Exception {
    Map<String, Object> e = WireClient.json(
        http.postJson("/v1/" + KEY + ":encrypt", "{\"plaintext\":\"" + b64("x".getBytes(UTF_8)) + "\"}"));

    assertThat(e.get("verifiedPlaintextCrc32c")).isEqualTo(false);
    assertThat(e.get("verifiedAdditionalAuthenticatedDataCrc32c")).isEqualTo(false);
  }

  @Test
  void decrypt_snakeCaseFieldsAndNumericChecksum_accepted() throws Exception {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), AAD);

    HttpResponse<byte[]> response = http.postJson("/v1/" + KEY + ":decrypt", "{"
        + "\"ciphertext\":\"" + b64(ciphertext) + "\","
        + "\"ciphertext_crc32c\":" + Checksums.crc32c(ciphertext) + ","
        + "\"additional_authenticated_data\":\"" + b64(AAD) + "\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(WireClient.json(response).get("plaintext")).isEqualTo(b64("v".getBytes(UTF_8)));
  }

  @Test
  void decrypt_ciphertextChecksumMismatch_invalidArgumentInKmsWording() throws Exception {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), new byte[0]);

    HttpResponse<byte[]> response = http.postJson("/v1/" + KEY + ":decrypt", "{\"ciphertext\":\""
        + b64(ciphertext) + "\",\"ciphertextCrc32c\":\"" + (Checksums.crc32c(ciphertext) ^ 1) + "\"}");

    assertError(response, 400, "INVALID_ARGUMENT",
        "The checksum in field ciphertext_crc32c did not match the data in field ciphertext.");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
    assertThat(WireClient.error(response).get("details")).isEqualTo(List.of());
  }

  @Test
  void encrypt_plaintextOrAadChecksumMismatch_invalidArgument() throws Exception {
    String plaintext = b64("v".getBytes(UTF_8));

    assertError(http.postJson("/v1/" + KEY + ":encrypt", "{\"plaintext\":\"" + plaintext
        + "\",\"plaintextCrc32c\":\"12\"}"), 400, "INVALID_ARGUMENT",
        "The checksum in field plaintext_crc32c did not match the data in field plaintext.");
    assertError(http.postJson("/v1/" + KEY + ":encrypt", "{\"plaintext\":\"" + plaintext
        + "\",\"additionalAuthenticatedData\":\"" + b64(AAD) + "\",\"additionalAuthenticatedDataCrc32c\":\"12\"}"),
        400, "INVALID_ARGUMENT", "The checksum in field additional_authenticated_data_crc32c did not match the "
        + "data in field additional_authenticated_data.");
  }

  @Test
  void decrypt_wrongAad_invalidCiphertext() throws Exception {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), AAD);

    assertError(decrypt(KEY, ciphertext, "other.json".getBytes(UTF_8)), 400, "INVALID_ARGUMENT",
        "Decryption failed: the ciphertext is invalid.");
    assertError(decrypt(KEY, ciphertext, new byte[0]), 400, "INVALID_ARGUMENT",
        "Decryption failed: the ciphertext is invalid.");
  }

  @Test
  void decrypt_tamperedOrTruncatedCiphertext_invalidCiphertext() throws Exception {
    byte[] ciphertext = kms.encrypt(KEY, "value".getBytes(UTF_8), AAD);
    byte[] tampered = ciphertext.clone();
    tampered[tampered.length - 1] ^= 1;

    assertError(decrypt(KEY, tampered, AAD), 400, "INVALID_ARGUMENT", "Decryption failed: the ciphertext is invalid.");
    assertError(decrypt(KEY, new byte[] {1, 2, 3}, AAD), 400, "INVALID_ARGUMENT",
        "Decryption failed: the ciphertext is invalid.");
    assertError(decrypt(KEY, new byte[0], AAD), 400, "INVALID_ARGUMENT",
        "Decryption failed: the ciphertext is invalid.");
  }

  @Test
  void decrypt_ciphertextOfAnotherKey_askToVerifyTheName() throws Exception {
    byte[] ciphertext = kms.encrypt(OTHER_KEY, "v".getBytes(UTF_8), AAD);

    assertError(decrypt(KEY, ciphertext, AAD), 400, "INVALID_ARGUMENT",
        "Decryption failed: verify that 'name' refers to the correct CryptoKey.");
  }

  @Test
  void decrypt_ciphertextOfAnotherEmulator_rejected() throws Exception {
    byte[] foreign;
    try (CloudKmsEmulator other = CloudKmsEmulator.start()) {
      other.createKey(KEY);
      foreign = other.encrypt(KEY, "v".getBytes(UTF_8), AAD);
    }

    assertThat(decrypt(KEY, foreign, AAD).statusCode()).isEqualTo(400);
  }

  @Test
  void decrypt_unknownKey_notFound() throws Exception {
    String missing = "projects/p1/locations/global/keyRings/ring/cryptoKeys/missing";

    assertError(decrypt(missing, kms.encrypt(KEY, new byte[] {1}, AAD), AAD), 404, "NOT_FOUND",
        "CryptoKey " + missing + " not found.");
  }

  @Test
  void decrypt_cryptoKeyVersionName_invalidArgument() throws Exception {
    assertError(decrypt(KEY + "/cryptoKeyVersions/1", kms.encrypt(KEY, new byte[] {1}, AAD), AAD), 400,
        "INVALID_ARGUMENT", KEY + "/cryptoKeyVersions/1 is not a valid resource type for this request.");
  }

  @Test
  void encrypt_cryptoKeyVersionName_usesThatVersionAndUnknownVersionIsNotFound() throws Exception {
    String body = "{\"plaintext\":\"" + b64(new byte[] {7}) + "\"}";

    HttpResponse<byte[]> v1 = http.postJson("/v1/" + KEY + "/cryptoKeyVersions/1:encrypt", body);
    assertThat(v1.statusCode()).isEqualTo(200);
    byte[] ciphertext = Base64.getDecoder().decode((String) WireClient.json(v1).get("ciphertext"));
    assertThat(decrypt(KEY, ciphertext, new byte[0]).statusCode()).isEqualTo(200);

    assertError(http.postJson("/v1/" + KEY + "/cryptoKeyVersions/2:encrypt", body), 404, "NOT_FOUND",
        "CryptoKeyVersion " + KEY + "/cryptoKeyVersions/2 not found.");
  }

  @Test
  void unknownMethodsPathsAndVerbs_notFound() throws Exception {
    assertThat(http.postJson("/v1/" + KEY + ":asymmetricDecrypt", "{}").statusCode()).isEqualTo(404);
    assertThat(http.get("/v1/" + KEY + ":decrypt").statusCode()).isEqualTo(404);
    assertThat(http.get("/v2/whatever").statusCode()).isEqualTo(404);
    assertThat(WireClient.error(http.get("/")).get("status")).isEqualTo("NOT_FOUND");
  }

  @Test
  void malformedJsonOrBase64_invalidArgument() throws Exception {
    assertThat(WireClient.error(http.postJson("/v1/" + KEY + ":decrypt", "{\"ciphertext\":")).get("message"))
        .asString().startsWith("Invalid JSON payload received.");
    assertError(http.postJson("/v1/" + KEY + ":decrypt", "{\"ciphertext\":\"!!!\"}"), 400, "INVALID_ARGUMENT",
        "Invalid value at 'ciphertext' (TYPE_BYTES), Base64 decoding failed.");
  }

  @Test
  void encryptHelper_producesWhatTheServerDecrypts_andRejectsUnknownKeys() throws Exception {
    byte[] ciphertext = kms.encrypt(KEY, "prepared".getBytes(UTF_8), new byte[0]);

    HttpResponse<byte[]> response = decrypt(KEY, ciphertext, new byte[0]);
    assertThat(WireClient.json(response).get("plaintext")).isEqualTo(b64("prepared".getBytes(UTF_8)));
    assertThatThrownBy(() -> kms.encrypt(KEY + "x", new byte[] {1}, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("call createKey first");
  }

  @Test
  void createKey_invalidOrDuplicateName_rejected() {
    assertThatThrownBy(() -> kms.createKey("projects/p/keyRings/r/cryptoKeys/k"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a CryptoKey name");
    assertThatThrownBy(() -> kms.createKey(KEY + "/cryptoKeyVersions/1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> kms.createKey(KEY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
  }

  @Test
  void corruptNextChecksum_corruptsExactlyTheNextDecryptChecksum() throws Exception {
    byte[] plaintext = "v".getBytes(UTF_8);
    byte[] ciphertext = kms.encrypt(KEY, plaintext, AAD);
    String good = String.valueOf(Checksums.crc32c(plaintext));
    kms.knobs().corruptNextChecksum(1);

    Map<String, Object> corrupted = WireClient.json(decrypt(KEY, ciphertext, AAD));
    Map<String, Object> healthy = WireClient.json(decrypt(KEY, ciphertext, AAD));

    assertThat(corrupted.get("plaintext")).isEqualTo(b64(plaintext));
    assertThat(corrupted.get("plaintextCrc32c")).isNotEqualTo(good);
    assertThat(Long.parseLong((String) corrupted.get("plaintextCrc32c"))).isBetween(0L, 0xffffffffL);
    assertThat(healthy.get("plaintextCrc32c")).isEqualTo(good);
  }

  @Test
  void corruptNextChecksum_isNotConsumedByEncryptOrFailedDecrypt() throws Exception {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), AAD);
    kms.knobs().corruptNextChecksum(1);

    http.postJson("/v1/" + KEY + ":encrypt", "{\"plaintext\":\"AA==\"}");
    decrypt(KEY, ciphertext, new byte[0]); // wrong AAD: 400

    assertThat(WireClient.json(decrypt(KEY, ciphertext, AAD)).get("plaintextCrc32c"))
        .isNotEqualTo(String.valueOf(Checksums.crc32c("v".getBytes(UTF_8))));
  }

  @Test
  void deny_prefix_permissionDeniedBeforeLookupForMatchingKeysOnly() throws Exception {
    kms.knobs().deny("projects/p1/locations/global/keyRings/ring/cryptoKeys/ke");
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), AAD);

    assertError(decrypt(KEY, ciphertext, AAD), 403, "PERMISSION_DENIED", "Permission "
        + "'cloudkms.cryptoKeyVersions.useToDecrypt' denied on resource '" + KEY + "' (or it may not exist).");
    // Denied even though it does not exist, as IAM answers before the lookup.
    assertThat(decrypt(KEY + "-missing", ciphertext, AAD).statusCode()).isEqualTo(403);
    assertThat(WireClient.error(http.postJson("/v1/" + KEY + ":encrypt", "{}")).get("message")).asString()
        .contains("cloudkms.cryptoKeyVersions.useToEncrypt");
    assertThat(decrypt(OTHER_KEY, kms.encrypt(OTHER_KEY, new byte[] {1}, AAD), AAD).statusCode()).isEqualTo(200);
  }

  @Test
  void failNext_answersGoogleErrorsInOrderThenServes() throws Exception {
    byte[] ciphertext = kms.encrypt(KEY, "v".getBytes(UTF_8), AAD);
    kms.knobs().failNext(2, 503);
    kms.knobs().failNext(1, 429);

    assertError(decrypt(KEY, ciphertext, AAD), 503, "UNAVAILABLE", "The service is currently unavailable.");
    assertThat(decrypt(KEY, ciphertext, AAD).statusCode()).isEqualTo(503);
    assertThat(WireClient.error(decrypt(KEY, ciphertext, AAD)).get("status")).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(decrypt(KEY, ciphertext, AAD).statusCode()).isEqualTo(200);
  }

  @Test
  void failNext_eachDocumentedStatus_hasItsCanonicalName() throws Exception {
    Map<Integer, String> expected = Map.of(400, "INVALID_ARGUMENT", 403, "PERMISSION_DENIED", 404, "NOT_FOUND",
        412, "FAILED_PRECONDITION", 429, "RESOURCE_EXHAUSTED", 500, "INTERNAL", 503, "UNAVAILABLE");
    for (Map.Entry<Integer, String> e : expected.entrySet()) {
      kms.knobs().failNext(1, e.getKey());
      HttpResponse<byte[]> response = http.postJson("/v1/" + KEY + ":encrypt", "{}");
      assertThat(response.statusCode()).isEqualTo(e.getKey());
      assertThat(WireClient.error(response).get("status")).isEqualTo(e.getValue());
      assertThat(number(WireClient.error(response).get("code"))).isEqualTo(e.getKey());
    }
  }

  @Test
  void resetNext_dropsTheConnectionWithoutAResponse() throws Exception {
    kms.knobs().resetNext(1);

    assertThatThrownBy(() -> http.postJson("/v1/" + KEY + ":encrypt", "{}")).isInstanceOf(IOException.class);
    assertThat(new WireClient(kms.endpoint()).postJson("/v1/" + KEY + ":encrypt", "{}").statusCode()).isEqualTo(200);
    assertThat(kms.requests()).hasSize(2);
  }

  @Test
  void latency_delaysEveryAnswerUntilReset() throws Exception {
    kms.knobs().latency(Duration.ofMillis(400));

    long slow = millis(() -> http.postJson("/v1/" + KEY + ":encrypt", "{}"));
    kms.knobs().failNext(1, 503);
    long slowFailure = millis(() -> http.postJson("/v1/" + KEY + ":encrypt", "{}"));
    kms.knobs().reset();
    long fast = millis(() -> http.postJson("/v1/" + KEY + ":encrypt", "{}"));

    assertThat(slow).isGreaterThanOrEqualTo(400);
    assertThat(slowFailure).isGreaterThanOrEqualTo(400);
    assertThat(fast).isLessThan(400);
  }

  @Test
  void requests_recordsRawPathQueryHeadersAndBodyCopies() throws Exception {
    http.post("/v1/" + KEY + "%3Aencrypt" + QUERY, "application/json", "{}".getBytes(UTF_8), "X-Goog-Api-Client",
        "test/1");

    RecordedRequest request = kms.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/" + KEY + "%3Aencrypt");
    assertThat(request.query()).isEqualTo("$alt=json;enum-encoding=int");
    assertThat(request.queryParameter("$alt")).hasValue("json;enum-encoding=int");
    assertThat(request.header("x-goog-api-client")).hasValue("test/1");
    assertThat(request.headers().get("CONTENT-TYPE")).containsExactly("application/json");
    assertThat(request.bodyUtf8()).isEqualTo("{}");
    request.body()[0] = 'x';
    assertThat(request.bodyUtf8()).isEqualTo("{}");
    assertThat(request.toString())
        .isEqualTo("POST /v1/" + KEY + "%3Aencrypt?$alt=json;enum-encoding=int (2 body bytes)");
    assertThat(request.toString()).doesNotContain("{}");
  }

  @Test
  void close_duringASlowRequest_stopsPromptlyAndDropsIt() throws Exception {
    kms.knobs().latency(Duration.ofSeconds(20));
    Thread caller = new Thread(() -> {
      try {
        http.postJson("/v1/" + KEY + ":encrypt", "{}");
      } catch (IOException | InterruptedException expected) {
        // the emulator went away
      }
    });
    caller.start();
    while (kms.requests().isEmpty()) {
      Thread.sleep(5);
    }

    long closing = millis(() -> {
      kms.close();
      return null;
    });
    caller.join(5_000);

    assertThat(closing).isLessThan(2_000);
    assertThat(caller.isAlive()).isFalse();
    assertThatThrownBy(() -> new WireClient(kms.endpoint()).postJson("/v1/" + KEY + ":encrypt", "{}"))
        .isInstanceOf(IOException.class);
    kms.close(); // idempotent
  }

  private HttpResponse<byte[]> decrypt(String key, byte[] ciphertext, byte[] aad) throws Exception {
    return http.postJson("/v1/" + key + ":decrypt" + QUERY, "{\"ciphertext\":\"" + b64(ciphertext)
        + "\",\"additionalAuthenticatedData\":\"" + b64(aad) + "\"}");
  }

  static void assertError(HttpResponse<byte[]> response, int code, String status, String message) {
    assertThat(response.statusCode()).isEqualTo(code);
    Map<String, Object> error = WireClient.error(response);
    assertThat(number(error.get("code"))).isEqualTo(code);
    assertThat(error.get("status")).isEqualTo(status);
    assertThat(error.get("message")).isEqualTo(message);
  }

  static int number(Object value) {
    return ((Number) value).intValue();
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  interface Call {
    Object run() throws Exception;
  }

  static long millis(Call call) throws Exception {
    long start = System.nanoTime();
    call.run();
    return (System.nanoTime() - start) / 1_000_000;
  }
}

package dev.secretfn.testing.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS KMS JSON 1.1 wire protocol, spoken by hand with java.net.http. */
class AwsKmsEmulatorWireTest {
  private static final String CONTEXT = "{\"LambdaFunctionName\":\"fn\",\"Purpose\":\"db\"}";

  private AwsKmsEmulator kms;
  private String key;
  private WireClient http;

  @BeforeEach
  void start() {
    kms = AwsKmsEmulator.start();
    key = kms.createKey();
    http = new WireClient(kms.endpoint());
  }

  @AfterEach
  void stop() {
    kms.close();
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private String blob(String plaintext, Map<String, String> context) {
    return b64(kms.encrypt(key, plaintext.getBytes(UTF_8), context));
  }

  private HttpResponse<byte[]> decrypt(String blob, String context) throws IOException, InterruptedException {
    return http.kms("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionContext\":" + context + "}");
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String type) {
    assertThat(response.statusCode()).as(WireClient.text(response)).isEqualTo(status);
    assertThat(WireClient.json(response)).containsEntry("__type", type).containsKey("message");
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void createKey_returnsAKeyArnOfTheEmulatedAccount() {
    assertThat(key).matches("arn:aws:kms:us-east-1:111122223333:key/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    assertThat(kms.createKey()).isNotEqualTo(key);
  }

  @Test
  void encryptThenDecrypt_withoutKeyId_roundTrips() throws Exception {
    HttpResponse<byte[]> encrypted = http.kms("Encrypt", "{\"KeyId\":\"" + key + "\",\"Plaintext\":\""
        + b64("pa\u00dfword".getBytes(UTF_8)) + "\",\"EncryptionContext\":" + CONTEXT + "}");

    assertThat(encrypted.statusCode()).isEqualTo(200);
    assertThat(encrypted.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(encrypted.headers().firstValue("x-amzn-RequestId")).isPresent();
    Map<String, Object> e = WireClient.json(encrypted);
    assertThat(e).containsEntry("KeyId", key).containsEntry("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");

    HttpResponse<byte[]> decrypted = decrypt((String) e.get("CiphertextBlob"), CONTEXT);

    assertThat(decrypted.statusCode()).isEqualTo(200);
    Map<String, Object> d = WireClient.json(decrypted);
    assertThat(d).containsEntry("KeyId", key).containsEntry("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    assertThat(Base64.getDecoder().decode((String) d.get("Plaintext"))).isEqualTo("pa\u00dfword".getBytes(UTF_8));
  }

  @Test
  void decrypt_blobFromTheEmulatorsEncrypt_contextInAnyOrder() throws Exception {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("Purpose", "db");
    context.put("LambdaFunctionName", "fn");
    String blob = blob("v", context);

    HttpResponse<byte[]> response = decrypt(blob, CONTEXT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(WireClient.json(response)).containsEntry("Plaintext", b64("v".getBytes(UTF_8)));
  }

  @Test
  void decrypt_withKeyIdAsArnOrUuid_succeeds() throws Exception {
    String blob = blob("v", Map.of());
    String uuid = key.substring(key.lastIndexOf('/') + 1);

    for (String keyId : new String[] {key, uuid}) {
      HttpResponse<byte[]> response =
          http.kms("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"KeyId\":\"" + keyId + "\"}");
      assertThat(response.statusCode()).as(keyId).isEqualTo(200);
      assertThat(WireClient.json(response)).containsEntry("KeyId", key);
    }
  }

  @Test
  void decrypt_anotherEncryptionContext_invalidCiphertext() throws Exception {
    String blob = blob("v", Map.of("LambdaFunctionName", "fn", "Purpose", "db"));

    assertError(decrypt(blob, "{}"), 400, "InvalidCiphertextException");
    assertError(decrypt(blob, "{\"LambdaFunctionName\":\"fn\"}"), 400, "InvalidCiphertextException");
    assertError(decrypt(blob, "{\"LambdaFunctionName\":\"other\",\"Purpose\":\"db\"}"), 400,
        "InvalidCiphertextException");
    assertError(decrypt(blob, "{\"LambdaFunctionName\":\"fn\",\"Purpose\":\"db\",\"X\":\"\"}"), 400,
        "InvalidCiphertextException");
  }

  @Test
  void canonicalContext_lengthPrefixesKeepBoundariesApart() {
    assertThat(AwsKmsApi.canonical(new TreeMap<>(Map.of("a", "bc"))))
        .isNotEqualTo(AwsKmsApi.canonical(new TreeMap<>(Map.of("ab", "c"))));
  }

  @Test
  void decrypt_tamperedOrTruncatedBlob_invalidCiphertext() throws Exception {
    byte[] blob = kms.encrypt(key, "value".getBytes(UTF_8), Map.of());

    for (int i : new int[] {0, 5, 20, blob.length - 1}) { // format, key id, nonce, tag
      byte[] tampered = blob.clone();
      tampered[i] ^= 1;
      assertError(decrypt(b64(tampered), "{}"), 400, "InvalidCiphertextException");
    }
    assertError(decrypt(b64(Arrays.copyOf(blob, 30)), "{}"), 400, "InvalidCiphertextException");
  }

  @Test
  void decrypt_blobOfAnotherEmulator_invalidCiphertext() throws Exception {
    try (AwsKmsEmulator other = AwsKmsEmulator.start()) {
      String otherKey = other.createKey();
      byte[] blob = other.encrypt(otherKey, "v".getBytes(UTF_8), Map.of());

      assertError(decrypt(b64(blob), "{}"), 400, "InvalidCiphertextException");
    }
  }

  @Test
  void decrypt_keyIdOfAnotherKey_incorrectKey() throws Exception {
    String otherKey = kms.createKey();
    String blob = blob("v", Map.of());

    HttpResponse<byte[]> response =
        http.kms("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"KeyId\":\"" + otherKey + "\"}");

    assertError(response, 400, "IncorrectKeyException");
  }

  @Test
  void unknownOrMalformedKeyId_notFound() throws Exception {
    String blob = blob("v", Map.of());
    String missing = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000";

    assertError(http.kms("Decrypt", "{\"CiphertextBlob\":\"" + blob + "\",\"KeyId\":\"" + missing + "\"}"), 400,
        "NotFoundException");
    assertError(http.kms("Encrypt", "{\"KeyId\":\"" + missing + "\",\"Plaintext\":\"eA==\"}"), 400,
        "NotFoundException");
    assertError(http.kms("Encrypt", "{\"KeyId\":\"not-a-key\",\"Plaintext\":\"eA==\"}"), 400, "NotFoundException");
    assertError(http.kms("Encrypt", "{\"KeyId\":\"alias/db\",\"Plaintext\":\"eA==\"}"), 400, "NotFoundException");
    String otherRegion = key.replace("us-east-1", "eu-west-1");
    assertError(http.kms("Encrypt", "{\"KeyId\":\"" + otherRegion + "\",\"Plaintext\":\"eA==\"}"), 400,
        "NotFoundException");
  }

  @Test
  void missingOrInvalidFields_validationOrSerializationException() throws Exception {
    assertError(http.kms("Decrypt", "{}"), 400, "ValidationException");
    assertError(http.kms("Encrypt", "{\"Plaintext\":\"eA==\"}"), 400, "ValidationException");
    assertError(http.kms("Encrypt", "{\"KeyId\":\"" + key + "\"}"), 400, "ValidationException");
    assertError(http.kms("Encrypt", "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"" + b64(new byte[4097]) + "\"}"),
        400, "ValidationException");
    assertError(http.kms("Decrypt", "{\"CiphertextBlob\":\"not base64!\"}"), 400, "SerializationException");
    assertError(http.kms("Decrypt", "{\"CiphertextBlob\":\"eA==\",\"EncryptionContext\":{\"a\":1}}"), 400,
        "SerializationException");
    assertError(http.kms("Decrypt", "{\"CiphertextBlob\":"), 400, "SerializationException");
  }

  @Test
  void encryptionAlgorithmOtherThanSymmetricDefault_invalidKeyUsage() throws Exception {
    String blob = blob("v", Map.of());

    assertError(http.kms("Decrypt",
        "{\"CiphertextBlob\":\"" + blob + "\",\"EncryptionAlgorithm\":\"RSAES_OAEP_SHA_256\"}"),
        400, "InvalidKeyUsageException");
  }

  @Test
  void unknownOperationOrMethod_unknownOperationException() throws Exception {
    assertError(http.kms("GenerateDataKey", "{}"), 400, "UnknownOperationException");
    assertError(http.send("POST", "/", "{}".getBytes(UTF_8), "Content-Type", "application/x-amz-json-1.1"), 400,
        "UnknownOperationException");
    assertError(http.get("/"), 400, "UnknownOperationException");
  }

  @Test
  void deny_answersAccessDenied_forEncryptAndForTheKeyABlobNames() throws Exception {
    String blob = blob("v", Map.of());
    kms.knobs().deny(key);

    assertError(http.kms("Encrypt", "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"eA==\"}"), 400,
        "AccessDeniedException");
    HttpResponse<byte[]> response = decrypt(blob, "{}");
    assertError(response, 400, "AccessDeniedException");
    assertThat((String) WireClient.json(response).get("message")).contains("kms:Decrypt").contains(key);
  }

  @Test
  void deny_isCheckedBeforeTheKeyIsLookedUp() throws Exception {
    String missing = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000";
    kms.knobs().deny("arn:aws:kms:us-east-1:111122223333:key/0000");

    assertError(http.kms("Encrypt", "{\"KeyId\":\"" + missing + "\",\"Plaintext\":\"eA==\"}"), 400,
        "AccessDeniedException");
  }

  @Test
  void failNext_answersTheKmsErrorForEachStatus() throws Exception {
    Object[][] expected = {
      {400, 400, "ValidationException"}, {401, 400, "UnrecognizedClientException"},
      {403, 400, "AccessDeniedException"}, {404, 400, "NotFoundException"}, {409, 400, "ConflictException"},
      {412, 400, "KMSInvalidStateException"}, {429, 400, "ThrottlingException"},
      {500, 500, "KMSInternalException"}, {501, 400, "UnsupportedOperationException"},
      {503, 503, "ServiceUnavailableException"}, {504, 500, "DependencyTimeoutException"},
    };
    for (Object[] row : expected) {
      kms.knobs().failNext(1, (Integer) row[0]);
      assertError(http.kms("Encrypt", "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"eA==\"}"), (Integer) row[1],
          (String) row[2]);
    }
    assertThat(http.kms("Encrypt", "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"eA==\"}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void resetNext_dropsTheConnection_thenServesAgain() throws Exception {
    kms.knobs().resetNext(1);

    assertThatThrownBy(() -> http.kms("Encrypt", "{}")).isInstanceOf(IOException.class);
    assertThat(new WireClient(kms.endpoint()).kms("Encrypt", "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"eA==\"}")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void latency_delaysAnswers() throws Exception {
    kms.knobs().latency(Duration.ofMillis(300));

    long start = System.nanoTime();
    http.kms("Encrypt", "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"eA==\"}");

    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  void requests_recordsEveryRequest_andNeverPrintsBodies() throws Exception {
    http.kms("Encrypt", "{\"KeyId\":\"" + key + "\",\"Plaintext\":\"" + b64("topsecret".getBytes(UTF_8)) + "\"}");

    assertThat(kms.requests()).hasSize(1);
    assertThat(kms.requests().get(0).header("X-Amz-Target")).hasValue("TrentService.Encrypt");
    assertThat(kms.requests().get(0).toString()).doesNotContain(b64("topsecret".getBytes(UTF_8)));
    assertThat(kms.toString()).contains("1 keys");
  }

  @Test
  void emulatorEncrypt_validatesItsArguments() {
    String missing = key.substring(0, key.length() - 4) + "0000";
    assertThatThrownBy(() -> kms.encrypt(missing, new byte[1], Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("createKey");
    assertThatThrownBy(() -> kms.encrypt(key, new byte[0], Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("plaintext must be 1 to 4096 bytes, got 0");
    assertThatThrownBy(() -> kms.encrypt(key, new byte[1], null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void requireSignatures_unsignedRequest_missingAuthenticationToken() throws Exception {
    kms.requireSignatures("AKIDEXAMPLE", "not-a-secret");

    HttpResponse<byte[]> response = decrypt(blob("v", Map.of()), "{}");

    assertError(response, 400, "MissingAuthenticationTokenException");
  }
}

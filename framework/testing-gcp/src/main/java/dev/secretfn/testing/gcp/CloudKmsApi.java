package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.EmulatedCiphertext;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.emulator.UriCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;

/**
 * The Cloud KMS REST protocol behind {@link CloudKmsEmulator}: its CryptoKeys, the request parsing, and the
 * answers and errors in Cloud KMS's words. Ciphertexts are {@link EmulatedCiphertext}s with 8-byte key ids.
 * Thread-safe.
 */
final class CloudKmsApi implements HttpEmulator.Service {
  private static final String ID = "[a-zA-Z0-9_-]{1,63}";
  private static final Pattern CRYPTO_KEY =
      Pattern.compile("projects/[^/]+/locations/[^/]+/keyRings/" + ID + "/cryptoKeys/" + ID);
  private static final Pattern CRYPTO_KEY_VERSION =
      Pattern.compile("(" + CRYPTO_KEY.pattern() + ")/cryptoKeyVersions/([^/]+)");
  private static final int KEY_ID_BYTES = 8;
  private static final int PROTECTION_LEVEL_SOFTWARE = 1;
  private static final String INVALID = "Decryption failed: the ciphertext is invalid.";

  private final Map<String, CryptoKey> keys = new ConcurrentHashMap<>();
  private final EmulatedCiphertext ciphertexts = EmulatedCiphertext.withKeyIds(KEY_ID_BYTES);
  /** The server answering with this API; read only while serving, for the deny and checksum knobs. */
  private final Supplier<HttpEmulator> http;

  CloudKmsApi(Supplier<HttpEmulator> http) {
    this.http = http;
  }

  /** See {@link CloudKmsEmulator#createKey}. */
  void createKey(String cryptoKeyName) {
    requireCryptoKeyName(cryptoKeyName);
    if (keys.putIfAbsent(cryptoKeyName, new CryptoKey(cryptoKeyName, ciphertexts.newKey())) != null) {
      throw new IllegalArgumentException("CryptoKey " + cryptoKeyName + " already exists");
    }
  }

  /** See {@link CloudKmsEmulator#encrypt}. */
  byte[] encrypt(String cryptoKeyName, byte[] plaintext, byte[] additionalAuthenticatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(additionalAuthenticatedData, "additionalAuthenticatedData");
    return ciphertexts.seal(existingKey(cryptoKeyName).aes, plaintext, additionalAuthenticatedData);
  }

  /** See {@link CloudKmsEmulator#decrypt}. */
  byte[] decrypt(String cryptoKeyName, byte[] ciphertext, byte[] additionalAuthenticatedData)
      throws AEADBadTagException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(additionalAuthenticatedData, "additionalAuthenticatedData");
    return unseal(existingKey(cryptoKeyName), ciphertext, additionalAuthenticatedData);
  }

  int keyCount() {
    return keys.size();
  }

  private CryptoKey existingKey(String cryptoKeyName) {
    CryptoKey key = keys.get(requireCryptoKeyName(cryptoKeyName));
    if (key == null) {
      throw new IllegalArgumentException("CryptoKey " + cryptoKeyName + " does not exist; call createKey first");
    }
    return key;
  }

  private static String requireCryptoKeyName(String name) {
    Objects.requireNonNull(name, "cryptoKeyName");
    if (!CRYPTO_KEY.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a CryptoKey name: expected "
          + "projects/P/locations/L/keyRings/R/cryptoKeys/K, R and K made of letters, digits, '_' and '-'");
    }
    return name;
  }

  /** Opens a ciphertext of {@code key}; every rejection carries the message Cloud KMS answers with. */
  private byte[] unseal(CryptoKey key, byte[] ciphertext, byte[] aad) throws AEADBadTagException {
    Optional<byte[]> id = ciphertexts.keyId(ciphertext);
    if (id.isEmpty()) {
      throw new AEADBadTagException(INVALID);
    }
    if (!key.aes.hasId(id.get())) {
      // Made under another CryptoKey (or under another emulator instance): real Cloud KMS words it so.
      throw new AEADBadTagException("Decryption failed: verify that 'name' refers to the correct CryptoKey.");
    }
    try {
      return ciphertexts.open(key.aes, ciphertext, aad);
    } catch (AEADBadTagException e) {
      throw new AEADBadTagException(INVALID); // tampered ciphertext or other additional authenticated data
    }
  }

  @Override
  public Reply serve(RecordedRequest request) {
    try {
      return route(request);
    } catch (ApiError e) {
      return error(e.code, e.getMessage());
    }
  }

  @Override
  public Reply failure(RecordedRequest request, int httpStatus) {
    return error(httpStatus, GoogleStatus.genericMessage(httpStatus));
  }

  private Reply route(RecordedRequest request) throws ApiError {
    String path = request.path();
    if (!path.startsWith("/v1/")) {
      throw new ApiError(404, "The requested URL " + path + " was not found on this server.");
    }
    String resource = UriCodec.decode(path.substring("/v1/".length()));
    int colon = resource.lastIndexOf(':');
    String verb = colon < 0 ? "" : resource.substring(colon + 1);
    String name = colon < 0 ? resource : resource.substring(0, colon);
    if (!verb.equals("encrypt") && !verb.equals("decrypt")) {
      throw new ApiError(404, "Method " + (verb.isEmpty() ? resource : verb)
          + " is not served by the Cloud KMS emulator (it serves :encrypt and :decrypt).");
    }
    if (!request.method().equals("POST")) {
      throw new ApiError(404, "The requested URL " + path + " was not found on this server (use POST).");
    }
    Map<String, Object> body = parseBody(request);
    return verb.equals("encrypt") ? encryptCall(name, body) : decryptCall(name, body);
  }

  private Reply encryptCall(String name, Map<String, Object> body) throws ApiError {
    String keyName = name;
    Matcher version = CRYPTO_KEY_VERSION.matcher(name);
    if (version.matches()) {
      // Encrypt accepts a CryptoKeyVersion too; this emulator's keys have only version 1.
      keyName = version.group(1);
    } else if (!CRYPTO_KEY.matcher(name).matches()) {
      throw new ApiError(400, "Resource name [" + name + "] does not represent a valid CryptoKey.");
    }
    if (http.get().denies(keyName)) {
      throw permissionDenied("cloudkms.cryptoKeyVersions.useToEncrypt", name);
    }
    CryptoKey key = keys.get(keyName);
    if (key == null || (version.matches() && !version.group(2).equals("1"))) {
      throw notFound(name);
    }
    byte[] plaintext = bytesField(body, "plaintext", "plaintext");
    byte[] aad = bytesField(body, "additionalAuthenticatedData", "additional_authenticated_data");
    boolean plaintextChecked = checkCrc(body, "plaintextCrc32c", "plaintext_crc32c", plaintext, "plaintext");
    boolean aadChecked = checkCrc(body, "additionalAuthenticatedDataCrc32c",
        "additional_authenticated_data_crc32c", aad, "additional_authenticated_data");
    byte[] ciphertext = ciphertexts.seal(key.aes, plaintext, aad);
    Arrays.fill(plaintext, (byte) 0);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", keyName + "/cryptoKeyVersions/1");
    answer.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
    answer.put("ciphertextCrc32c", String.valueOf(Checksums.crc32c(ciphertext)));
    answer.put("verifiedPlaintextCrc32c", plaintextChecked);
    answer.put("verifiedAdditionalAuthenticatedDataCrc32c", aadChecked);
    answer.put("protectionLevel", PROTECTION_LEVEL_SOFTWARE);
    return Reply.json(200, answer);
  }

  private Reply decryptCall(String name, Map<String, Object> body) throws ApiError {
    if (CRYPTO_KEY_VERSION.matcher(name).matches()) {
      // Decrypt takes the CryptoKey; Cloud KMS finds the version from the ciphertext.
      throw new ApiError(400, name + " is not a valid resource type for this request.");
    }
    if (!CRYPTO_KEY.matcher(name).matches()) {
      throw new ApiError(400, "Resource name [" + name + "] does not represent a valid CryptoKey.");
    }
    if (http.get().denies(name)) {
      throw permissionDenied("cloudkms.cryptoKeyVersions.useToDecrypt", name);
    }
    CryptoKey key = keys.get(name);
    if (key == null) {
      throw notFound(name);
    }
    byte[] ciphertext = bytesField(body, "ciphertext", "ciphertext");
    byte[] aad = bytesField(body, "additionalAuthenticatedData", "additional_authenticated_data");
    checkCrc(body, "ciphertextCrc32c", "ciphertext_crc32c", ciphertext, "ciphertext");
    checkCrc(body, "additionalAuthenticatedDataCrc32c", "additional_authenticated_data_crc32c", aad,
        "additional_authenticated_data");
    if (ciphertext.length == 0) {
      throw new ApiError(400, INVALID);
    }
    byte[] plaintext = open(key, ciphertext, aad);
    try {
      long crc = Checksums.crc32c(plaintext);
      if (http.get().takeChecksumCorruption()) {
        crc = Checksums.corrupt(crc);
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
      answer.put("plaintextCrc32c", String.valueOf(crc));
      answer.put("usedPrimary", true);
      answer.put("protectionLevel", PROTECTION_LEVEL_SOFTWARE);
      return Reply.json(200, answer);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private byte[] open(CryptoKey key, byte[] ciphertext, byte[] aad) throws ApiError {
    try {
      return unseal(key, ciphertext, aad);
    } catch (AEADBadTagException e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  private static Map<String, Object> parseBody(RecordedRequest request) throws ApiError {
    String text;
    try {
      text = new String(HttpEmulator.entity(request), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ApiError(400, "The request body could not be decoded: " + e.getMessage());
    }
    if (text.isBlank()) {
      return Map.of();
    }
    try {
      return Json.parseObject(text);
    } catch (MalformedJsonException e) {
      throw new ApiError(400, "Invalid JSON payload received. " + e.getMessage() + ".");
    }
  }

  /**
   * A bytes field: base64, standard or URL-safe alphabet, padding optional, as protobuf's JSON mapping allows;
   * empty when absent.
   */
  private static byte[] bytesField(Map<String, Object> body, String jsonName, String protoName) throws ApiError {
    Object value = field(body, jsonName, protoName);
    if (value == null) {
      return new byte[0];
    }
    if (!(value instanceof String)) {
      throw new ApiError(400, "Invalid value at '" + protoName + "' (TYPE_BYTES), expected a base64 string.");
    }
    StringBuilder b64 = new StringBuilder(((String) value).replace('-', '+').replace('_', '/'));
    while (b64.length() % 4 != 0) {
      b64.append('='); // padding is optional in protobuf's JSON mapping
    }
    try {
      return Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "Invalid value at '" + protoName + "' (TYPE_BYTES), Base64 decoding failed.");
    }
  }

  /**
   * Verifies an optional Int64Value checksum field against {@code data}; returns whether one was given.
   * Protobuf's JSON mapping writes int64 as a string; a number is accepted too.
   */
  private static boolean checkCrc(Map<String, Object> body, String jsonName, String protoName, byte[] data,
      String dataField) throws ApiError {
    Object value = field(body, jsonName, protoName);
    if (value == null) {
      return false;
    }
    long given;
    try {
      given = value instanceof BigDecimal ? ((BigDecimal) value).longValueExact() : Long.parseLong((String) value);
    } catch (ArithmeticException | NumberFormatException | ClassCastException e) {
      throw new ApiError(400, "Invalid value at '" + protoName + "' (TYPE_INT64), expected an int64.");
    }
    if (given != Checksums.crc32c(data)) {
      throw new ApiError(400,
          "The checksum in field " + protoName + " did not match the data in field " + dataField + ".");
    }
    return true;
  }

  private static Object field(Map<String, Object> body, String jsonName, String protoName) {
    Object value = body.get(jsonName);
    return value != null ? value : body.get(protoName);
  }

  private static ApiError notFound(String name) {
    return new ApiError(404, (name.contains("/cryptoKeyVersions/") ? "CryptoKeyVersion " : "CryptoKey ")
        + name + " not found.");
  }

  private static ApiError permissionDenied(String permission, String name) {
    return new ApiError(403,
        "Permission '" + permission + "' denied on resource '" + name + "' (or it may not exist).");
  }

  private static Reply error(int code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("status", GoogleStatus.canonical(code));
    error.put("details", List.of());
    return Reply.json(code, Map.of("error", error));
  }

  /** An error answer in the making: thrown inside request handling, turned into Google's error JSON. */
  private static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    ApiError(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /** One CryptoKey: its name and its emulated key. */
  private static final class CryptoKey {
    final String name;
    final EmulatedCiphertext.Key aes;

    CryptoKey(String name, EmulatedCiphertext.Key aes) {
      this.name = name;
      this.aes = aes;
    }

    @Override
    public String toString() {
      return "CryptoKey[" + name + "]";
    }
  }
}

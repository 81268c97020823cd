package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.emulator.UriCodec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Cloud KMS emulator that speaks the REST (HTTP/JSON) wire protocol of {@code cloudkms.googleapis.com} for
 * symmetric {@code Encrypt} and {@code Decrypt}, with real AES-256-GCM, on 127.0.0.1 and an ephemeral port.
 * For tests and the local launcher only; never part of a function.
 *
 * <p>The official client is used unchanged, with only its endpoint overridden:
 *
 * <pre>{@code
 * try (CloudKmsEmulator kms = CloudKmsEmulator.start()) {
 *   String key = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
 *   kms.createKey(key);
 *   byte[] ciphertext = kms.encrypt(key, "s3cret".getBytes(UTF_8), new byte[0]);
 *   KeyManagementServiceClient client = KeyManagementServiceClient.create(
 *       KeyManagementServiceSettings.newHttpJsonBuilder()
 *           .setEndpoint(kms.endpoint())
 *           .setCredentialsProvider(NoCredentialsProvider.create())
 *           .build());
 *   client.decrypt(key, ByteString.copyFrom(ciphertext));  // "s3cret"
 * }
 * }</pre>
 *
 * <p>Served: {@code POST /v1/{cryptoKey}:encrypt} and {@code POST /v1/{cryptoKey}:decrypt} (the colon may be
 * sent as {@code %3A}), JSON bodies as the client writes them (camelCase or snake_case fields, bytes in base64,
 * int64 checksums as strings or numbers), answers with enums as numbers ({@code protectionLevel: 1}, SOFTWARE).
 * Request checksums are verified as Cloud KMS does; errors have Google's JSON error shape {@code
 * {"error":{"code":400,"message":...,"status":"INVALID_ARGUMENT","details":[]}}}.
 *
 * <p>Each CryptoKey has one version, {@code cryptoKeyVersions/1}, holding a random AES-256 key. The
 * ciphertext is this emulator's own opaque layout: a format byte, the key's 8-byte id, a 12-byte random nonce,
 * then the AES-GCM ciphertext and 16-byte tag, with the request's additional authenticated data as GCM AAD. A
 * ciphertext is valid only under the emulator instance that made it.
 *
 * <p>Thread-safe. {@link #close()} stops the server at once; it is needed, because the server's dispatcher
 * thread is not a daemon thread.
 *
 * <h2>WARNING</h2>
 * Keys live in this object's memory and are served to anyone who can reach 127.0.0.1, without
 * authentication: an emulator protects nothing.
 */
public final class CloudKmsEmulator implements AutoCloseable {
  private static final String ID = "[a-zA-Z0-9_-]{1,63}";
  private static final Pattern CRYPTO_KEY =
      Pattern.compile("projects/[^/]+/locations/[^/]+/keyRings/" + ID + "/cryptoKeys/" + ID);
  private static final Pattern CRYPTO_KEY_VERSION =
      Pattern.compile("(" + CRYPTO_KEY.pattern() + ")/cryptoKeyVersions/([^/]+)");
  private static final byte FORMAT = 1;
  private static final int KEY_ID_BYTES = 8;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;
  private static final int PROTECTION_LEVEL_SOFTWARE = 1;

  private final Map<String, CryptoKey> keys = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final HttpEmulator http;

  private CloudKmsEmulator() {
    this.http = HttpEmulator.start("cloud-kms-emulator", new Api());
  }

  /** Starts an emulator on 127.0.0.1 and a free port, with no keys. */
  public static CloudKmsEmulator start() {
    return new CloudKmsEmulator();
  }

  /** The base URL to give the client as its endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return http.endpoint();
  }

  /**
   * Creates CryptoKey {@code cryptoKeyName} ({@code projects/P/locations/L/keyRings/R/cryptoKeys/K}) with a
   * fresh random AES-256 key as its only, primary version 1.
   *
   * @throws IllegalArgumentException if the name is not a CryptoKey name or the key already exists
   */
  public void createKey(String cryptoKeyName) {
    requireCryptoKeyName(cryptoKeyName);
    byte[] material = new byte[32];
    byte[] id = new byte[KEY_ID_BYTES];
    random.nextBytes(material);
    random.nextBytes(id);
    CryptoKey key = new CryptoKey(cryptoKeyName, id, new SecretKeySpec(material, "AES"));
    Arrays.fill(material, (byte) 0);
    if (keys.putIfAbsent(cryptoKeyName, key) != null) {
      throw new IllegalArgumentException("CryptoKey " + cryptoKeyName + " already exists");
    }
  }

  /**
   * Encrypts {@code plaintext} under {@code cryptoKeyName} exactly as the server's {@code :encrypt} would, so
   * that tests can prepare ciphertexts without a client. {@code additionalAuthenticatedData} may be empty.
   *
   * @throws IllegalArgumentException if the key was not created with {@link #createKey}
   */
  public byte[] encrypt(String cryptoKeyName, byte[] plaintext, byte[] additionalAuthenticatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(additionalAuthenticatedData, "additionalAuthenticatedData");
    CryptoKey key = keys.get(requireCryptoKeyName(cryptoKeyName));
    if (key == null) {
      throw new IllegalArgumentException("CryptoKey " + cryptoKeyName + " does not exist; call createKey first");
    }
    return seal(key, plaintext, additionalAuthenticatedData);
  }

  /**
   * Decrypts {@code ciphertext} under {@code cryptoKeyName} exactly as the server's {@code :decrypt} would, for
   * another front end over the same keys (the benchmarks' gRPC Cloud KMS emulator), so that one ciphertext
   * decrypts alike on every wire. Knobs and the request log are the caller's business: this is the crypto only.
   *
   * @throws IllegalArgumentException if the key was not created with {@link #createKey}
   * @throws AEADBadTagException if the ciphertext was not made under this key, was tampered with, or was made
   *     with other additional authenticated data; its message is Cloud KMS's and quotes no data
   */
  public byte[] decrypt(String cryptoKeyName, byte[] ciphertext, byte[] additionalAuthenticatedData)
      throws AEADBadTagException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(additionalAuthenticatedData, "additionalAuthenticatedData");
    CryptoKey key = keys.get(requireCryptoKeyName(cryptoKeyName));
    if (key == null) {
      throw new IllegalArgumentException("CryptoKey " + cryptoKeyName + " does not exist; call createKey first");
    }
    return unseal(key, ciphertext, additionalAuthenticatedData);
  }

  /** The knobs for latency and faults of this emulator. */
  public EmulatorKnobs knobs() {
    return http.knobs();
  }

  /** Every request received so far, oldest first, including those a knob failed or dropped. */
  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** Stops the server at once and releases its threads; idempotent. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "CloudKmsEmulator[" + endpoint() + ", " + keys.size() + " keys]";
  }

  private static String requireCryptoKeyName(String name) {
    Objects.requireNonNull(name, "cryptoKeyName");
    if (!CRYPTO_KEY.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a CryptoKey name: expected "
          + "projects/P/locations/L/keyRings/R/cryptoKeys/K, R and K made of letters, digits, '_' and '-'");
    }
    return name;
  }

  private byte[] seal(CryptoKey key, byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key.aes, new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(aad);
      byte[] sealed = gcm.doFinal(plaintext);
      return ByteBuffer.allocate(HEADER_BYTES + sealed.length)
          .put(FORMAT).put(key.id).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is available in every JDK 17", e);
    }
  }

  /** The inverse of {@link #seal}; every rejection carries the message Cloud KMS answers with. */
  private static byte[] unseal(CryptoKey key, byte[] ciphertext, byte[] aad) throws AEADBadTagException {
    if (ciphertext.length < HEADER_BYTES + TAG_BITS / 8 || ciphertext[0] != FORMAT) {
      throw new AEADBadTagException("Decryption failed: the ciphertext is invalid.");
    }
    byte[] id = Arrays.copyOfRange(ciphertext, 1, 1 + KEY_ID_BYTES);
    if (!Arrays.equals(id, key.id)) {
      // Made under another CryptoKey (or under another emulator instance): real Cloud KMS words it so.
      throw new AEADBadTagException("Decryption failed: verify that 'name' refers to the correct CryptoKey.");
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key.aes,
          new GCMParameterSpec(TAG_BITS, ciphertext, 1 + KEY_ID_BYTES, NONCE_BYTES));
      gcm.updateAAD(aad);
      return gcm.doFinal(ciphertext, HEADER_BYTES, ciphertext.length - HEADER_BYTES);
    } catch (AEADBadTagException e) {
      // Tampered ciphertext or different additional authenticated data.
      throw new AEADBadTagException("Decryption failed: the ciphertext is invalid.");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is available in every JDK 17", e);
    }
  }

  /** One CryptoKey: its name, the id written into its ciphertexts, and its AES key. */
  private static final class CryptoKey {
    final String name;
    final byte[] id;
    final SecretKeySpec aes;

    CryptoKey(String name, byte[] id, SecretKeySpec aes) {
      this.name = name;
      this.id = id;
      this.aes = aes;
    }

    @Override
    public String toString() {
      return "CryptoKey[" + name + "]";
    }
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

  private final class Api implements HttpEmulator.Service {
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
      return verb.equals("encrypt") ? encrypt(name, body) : decrypt(name, body);
    }

    private Reply encrypt(String name, Map<String, Object> body) throws ApiError {
      String keyName = name;
      Matcher version = CRYPTO_KEY_VERSION.matcher(name);
      if (version.matches()) {
        // Encrypt accepts a CryptoKeyVersion too; this emulator's keys have only version 1.
        keyName = version.group(1);
      } else if (!CRYPTO_KEY.matcher(name).matches()) {
        throw new ApiError(400, "Resource name [" + name + "] does not represent a valid CryptoKey.");
      }
      if (http.denies(keyName)) {
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
      byte[] ciphertext = seal(key, plaintext, aad);
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

    private Reply decrypt(String name, Map<String, Object> body) throws ApiError {
      if (CRYPTO_KEY_VERSION.matcher(name).matches()) {
        // Decrypt takes the CryptoKey; Cloud KMS finds the version from the ciphertext.
        throw new ApiError(400, name + " is not a valid resource type for this request.");
      }
      if (!CRYPTO_KEY.matcher(name).matches()) {
        throw new ApiError(400, "Resource name [" + name + "] does not represent a valid CryptoKey.");
      }
      if (http.denies(name)) {
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
        throw new ApiError(400, "Decryption failed: the ciphertext is invalid.");
      }
      byte[] plaintext = open(key, ciphertext, aad);
      try {
        long crc = Checksums.crc32c(plaintext);
        if (http.takeChecksumCorruption()) {
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
}

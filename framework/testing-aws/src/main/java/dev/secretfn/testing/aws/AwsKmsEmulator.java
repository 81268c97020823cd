package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.io.ByteArrayOutputStream;
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
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An AWS KMS emulator that speaks the AWS JSON 1.1 protocol of {@code kms.<region>.amazonaws.com} for symmetric
 * {@code Encrypt} and {@code Decrypt}, with real AES-256-GCM, on 127.0.0.1 and an ephemeral port. For tests and
 * the local launcher only; never part of a function.
 *
 * <p>The AWS SDK v2 client is used unchanged, with only its endpoint overridden (requests are not authenticated,
 * so any credentials do):
 *
 * <pre>{@code
 * try (AwsKmsEmulator kms = AwsKmsEmulator.start()) {
 *   String keyArn = kms.createKey();
 *   byte[] blob = kms.encrypt(keyArn, "s3cret".getBytes(UTF_8), Map.of("LambdaFunctionName", "fn"));
 *   KmsClient client = KmsClient.builder()
 *       .endpointOverride(URI.create(kms.endpoint()))
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "secret")))
 *       .httpClient(UrlConnectionHttpClient.create())
 *       .build();
 *   client.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob))
 *       .encryptionContext(Map.of("LambdaFunctionName", "fn")));   // "s3cret", no KeyId needed
 * }
 * }</pre>
 *
 * <p>Served: {@code POST /} with {@code X-Amz-Target: TrentService.Encrypt} or {@code TrentService.Decrypt} and
 * a JSON body ({@code {"KeyId", "Plaintext", "EncryptionContext"}} and {@code {"CiphertextBlob",
 * "EncryptionContext", "KeyId"?, "EncryptionAlgorithm"?}}, bytes in base64). Answers carry {@code
 * Content-Type: application/x-amz-json-1.1} and {@code x-amzn-RequestId}. Errors are AWS JSON errors: status
 * 400 (500 for internal errors) and {@code {"__type": "InvalidCiphertextException", "message": ...}}, with the
 * code in the {@code x-amzn-ErrorType} header too (the SDK reads the header first, then {@code __type}).
 *
 * <p>Keys live in region {@code us-east-1} of account {@code 111122223333}; a KeyId is a key id (a UUID) or a key
 * ARN, aliases are not served. The ciphertext blob is this emulator's own layout, which like real KMS identifies
 * its key, so Decrypt needs no KeyId: a format byte {@code 1}, the key's 16-byte UUID, a 12-byte random nonce,
 * then the AES-GCM ciphertext and 16-byte tag, with the encryption context as GCM additional authenticated data
 * in a canonical form (entries sorted by key, each key and value as a 4-byte big-endian length and UTF-8 bytes,
 * after a 4-byte count), so the order of the context's entries does not matter and a missing, extra or changed
 * entry fails. A blob is valid only under the emulator instance that made it.
 *
 * <p>Decrypt failures: a tampered or truncated blob, another context, or a blob of a key this emulator does not
 * hold answer {@code InvalidCiphertextException}; a KeyId naming another key of this emulator answers {@code
 * IncorrectKeyException}; a KeyId naming no key answers {@code NotFoundException}.
 *
 * <p>Thread-safe. {@link #close()} stops the server at once; it is needed, because the server's dispatcher
 * thread is not a daemon thread.
 *
 * <h2>WARNING</h2>
 * Keys live in this object's memory and are served to anyone who can reach 127.0.0.1, without
 * authentication: an emulator protects nothing.
 */
public final class AwsKmsEmulator implements AutoCloseable {
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "111122223333";
  static final String KEY_ARN_PREFIX = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/";
  private static final String CALLER = "arn:aws:sts::" + ACCOUNT + ":assumed-role/secretfn-emulator/test";
  private static final String JSON_11 = "application/x-amz-json-1.1";
  private static final String TARGET_PREFIX = "TrentService.";
  private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
  private static final Pattern UUID_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern KEY_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):(\\d{12}):key/(" + UUID_ID.pattern() + ")");
  private static final byte FORMAT = 1;
  private static final int KEY_ID_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int HEADER_BYTES = 1 + KEY_ID_BYTES + NONCE_BYTES;
  private static final int MAX_PLAINTEXT = 4096;
  private static final int MAX_CIPHERTEXT = 6144;

  private final Map<UUID, Key> keys = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final HttpEmulator http;

  private AwsKmsEmulator() {
    this.http = HttpEmulator.start("aws-kms-emulator", new Api());
  }

  /** Starts an emulator on 127.0.0.1 and a free port, with no keys. */
  public static AwsKmsEmulator start() {
    return new AwsKmsEmulator();
  }

  /** The URL to give the client as its endpoint override, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return http.endpoint();
  }

  /**
   * Creates a symmetric key (ENCRYPT_DECRYPT, SYMMETRIC_DEFAULT) with fresh random AES-256 material and returns
   * its ARN, {@code arn:aws:kms:us-east-1:111122223333:key/<uuid>}.
   */
  public String createKey() {
    byte[] material = new byte[32];
    random.nextBytes(material);
    Key key = new Key(UUID.randomUUID(), new SecretKeySpec(material, "AES"));
    Arrays.fill(material, (byte) 0);
    keys.put(key.id, key);
    return key.arn();
  }

  /**
   * Encrypts {@code plaintext} under {@code keyId} (key id or key ARN) with {@code encryptionContext} exactly as
   * the server's {@code Encrypt} would, so that tests can prepare ciphertext blobs without a client, as the
   * Lambda console's encryption helpers do with {@code {"LambdaFunctionName": <name>}}.
   *
   * @throws IllegalArgumentException if the key was not created with {@link #createKey}, or the plaintext is
   *     empty or longer than 4096 bytes
   */
  public byte[] encrypt(String keyId, byte[] plaintext, Map<String, String> encryptionContext) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(encryptionContext, "encryptionContext");
    if (plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException("plaintext must be 1 to 4096 bytes, got " + plaintext.length);
    }
    Key key = findKey(keyId).orElseThrow(() -> new IllegalArgumentException(
        "key " + keyId + " does not exist in this emulator; call createKey first"));
    return seal(key, plaintext, canonical(new TreeMap<>(encryptionContext)));
  }

  /**
   * The knobs for latency and faults of this emulator. {@link EmulatorKnobs#deny} takes key ARN prefixes and
   * answers {@code AccessDeniedException}; for a Decrypt without KeyId it applies to the key the blob names.
   * {@link EmulatorKnobs#corruptNextChecksum} has no effect (AWS KMS answers carry no checksum). {@link
   * EmulatorKnobs#failNext} answers, for each status, the error real KMS uses for it:
   *
   * <table>
   *   <caption>failNext status → answer</caption>
   *   <tr><th>status</th><th>HTTP</th><th>{@code __type}</th></tr>
   *   <tr><td>400</td><td>400</td><td>ValidationException</td></tr>
   *   <tr><td>401</td><td>400</td><td>UnrecognizedClientException</td></tr>
   *   <tr><td>403</td><td>400</td><td>AccessDeniedException</td></tr>
   *   <tr><td>404</td><td>400</td><td>NotFoundException</td></tr>
   *   <tr><td>409</td><td>400</td><td>ConflictException</td></tr>
   *   <tr><td>412</td><td>400</td><td>KMSInvalidStateException</td></tr>
   *   <tr><td>429</td><td>400</td><td>ThrottlingException (KMS throttles with 400, not 429)</td></tr>
   *   <tr><td>500</td><td>500</td><td>KMSInternalException</td></tr>
   *   <tr><td>501</td><td>400</td><td>UnsupportedOperationException</td></tr>
   *   <tr><td>503</td><td>503</td><td>ServiceUnavailableException</td></tr>
   *   <tr><td>504</td><td>500</td><td>DependencyTimeoutException</td></tr>
   * </table>
   */
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
    return "AwsKmsEmulator[" + endpoint() + ", " + keys.size() + " keys]";
  }

  /** The key {@code keyId} (a key id or key ARN of this emulator's account and region) names, if it exists. */
  private Optional<Key> findKey(String keyId) {
    return keyUuid(keyId).map(keys::get);
  }

  /** The key UUID in {@code keyId}, if it is a key id or a key ARN of this emulator's region and account. */
  private static Optional<UUID> keyUuid(String keyId) {
    String id = keyId;
    Matcher arn = KEY_ARN.matcher(keyId);
    if (arn.matches()) {
      if (!arn.group(1).equals(REGION) || !arn.group(2).equals(ACCOUNT)) {
        return Optional.empty();
      }
      id = arn.group(3);
    }
    return UUID_ID.matcher(id).matches() ? Optional.of(UUID.fromString(id)) : Optional.empty();
  }

  private byte[] seal(Key key, byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key.aes, new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(aad);
      byte[] sealed = gcm.doFinal(plaintext);
      return ByteBuffer.allocate(HEADER_BYTES + sealed.length)
          .put(FORMAT)
          .putLong(key.id.getMostSignificantBits())
          .putLong(key.id.getLeastSignificantBits())
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is available in every JDK 17", e);
    }
  }

  /** The encryption context as GCM additional data: count, then sorted (key, value) pairs, length-prefixed. */
  static byte[] canonical(SortedMap<String, String> context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, context.size());
    for (Map.Entry<String, String> e : context.entrySet()) {
      for (String s : List.of(e.getKey(), e.getValue())) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeInt(out, utf8.length);
        out.write(utf8, 0, utf8.length);
      }
    }
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.write(value >>> 24);
    out.write(value >>> 16);
    out.write(value >>> 8);
    out.write(value);
  }

  /** One symmetric key: its UUID (written into its blobs) and its AES material. */
  private static final class Key {
    final UUID id;
    final SecretKeySpec aes;

    Key(UUID id, SecretKeySpec aes) {
      this.id = id;
      this.aes = aes;
    }

    String arn() {
      return KEY_ARN_PREFIX + id;
    }

    @Override
    public String toString() {
      return "Key[" + arn() + "]";
    }
  }

  /** An error answer in the making: thrown inside request handling, turned into an AWS JSON error. */
  private static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;

    ApiError(int status, String type, String message) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
    }
  }

  private final class Api implements HttpEmulator.Service {
    @Override
    public Reply serve(RecordedRequest request) {
      try {
        return route(request);
      } catch (ApiError e) {
        return error(e.status, e.type, e.getMessage());
      }
    }

    @Override
    public Reply failure(RecordedRequest request, int httpStatus) {
      String action = "kms:" + request.header("X-Amz-Target").orElse("").replace(TARGET_PREFIX, "");
      switch (httpStatus) {
        case 400:
          return error(400, "ValidationException", "1 validation error detected (failure planned by the emulator)");
        case 401:
          return error(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
        case 403:
          return error(400, "AccessDeniedException", "User: " + CALLER + " is not authorized to perform: " + action);
        case 404:
          return error(400, "NotFoundException", "Key does not exist (failure planned by the emulator)");
        case 409:
          return error(400, "ConflictException", "The request conflicts with another request in progress.");
        case 412:
          return error(400, "KMSInvalidStateException", "The key is not in a valid state for this request.");
        case 429:
          return error(400, "ThrottlingException", "Rate exceeded");
        case 501:
          return error(400, "UnsupportedOperationException", "The operation is not supported.");
        case 503:
          return error(503, "ServiceUnavailableException", "Service Unavailable");
        case 504:
          return error(500, "DependencyTimeoutException",
              "The system timed out while trying to fulfill the request. You can retry the request.");
        default:
          return error(500, "KMSInternalException", "An internal error occurred. You can retry the request.");
      }
    }

    private Reply route(RecordedRequest request) throws ApiError {
      String target = request.header("X-Amz-Target").orElse("");
      if (!request.method().equals("POST") || !request.path().equals("/") || !target.startsWith(TARGET_PREFIX)) {
        throw new ApiError(400, "UnknownOperationException", "The AWS KMS emulator serves POST / with "
            + "X-Amz-Target TrentService.Encrypt or TrentService.Decrypt, got " + request.method() + " "
            + request.path() + (target.isEmpty() ? " without X-Amz-Target" : " with X-Amz-Target " + target));
      }
      String operation = target.substring(TARGET_PREFIX.length());
      if (!operation.equals("Encrypt") && !operation.equals("Decrypt")) {
        throw new ApiError(400, "UnknownOperationException",
            "Operation " + operation + " is not served by the AWS KMS emulator (it serves Encrypt and Decrypt).");
      }
      Map<String, Object> body = parseBody(request);
      return operation.equals("Encrypt") ? encrypt(body) : decrypt(body);
    }

    private Reply encrypt(Map<String, Object> body) throws ApiError {
      String keyId = stringField(body, "KeyId");
      if (keyId == null) {
        throw notNull("keyId");
      }
      Key key = authorizedKey(keyId, "kms:Encrypt");
      byte[] plaintext = bytesField(body, "Plaintext");
      if (plaintext == null) {
        throw notNull("plaintext");
      }
      if (plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT) {
        throw new ApiError(400, "ValidationException", "1 validation error detected: Value at 'plaintext' failed "
            + "to satisfy constraint: Member must have length between 1 and 4096");
      }
      SortedMap<String, String> context = contextField(body);
      algorithm(body, key);
      byte[] blob = seal(key, plaintext, canonical(context));
      Arrays.fill(plaintext, (byte) 0);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("CiphertextBlob", Base64.getEncoder().encodeToString(blob));
      answer.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
      answer.put("KeyId", key.arn());
      return json(answer);
    }

    private Reply decrypt(Map<String, Object> body) throws ApiError {
      byte[] blob = bytesField(body, "CiphertextBlob");
      if (blob == null) {
        throw notNull("ciphertextBlob");
      }
      if (blob.length == 0 || blob.length > MAX_CIPHERTEXT) {
        throw new ApiError(400, "ValidationException", "1 validation error detected: Value at 'ciphertextBlob' "
            + "failed to satisfy constraint: Member must have length between 1 and 6144");
      }
      SortedMap<String, String> context = contextField(body);
      String keyId = stringField(body, "KeyId");
      Key requested = keyId == null ? null : authorizedKey(keyId, "kms:Decrypt");
      if (blob.length < HEADER_BYTES + TAG_BITS / 8 || blob[0] != FORMAT) {
        throw invalidCiphertext();
      }
      ByteBuffer header = ByteBuffer.wrap(blob, 1, KEY_ID_BYTES);
      UUID blobKeyId = new UUID(header.getLong(), header.getLong());
      Key key = keys.get(blobKeyId);
      if (key == null) {
        // Not a blob of this emulator (or its bytes were changed where the key id is): real KMS cannot tell.
        throw invalidCiphertext();
      }
      if (requested != null && !requested.id.equals(blobKeyId)) {
        throw new ApiError(400, "IncorrectKeyException", "The key ID in the request does not identify a KMS key "
            + "that can perform this operation.");
      }
      if (requested == null && http.denies(key.arn())) {
        throw accessDenied("kms:Decrypt", key.arn());
      }
      algorithm(body, key);
      byte[] plaintext = open(key, blob, canonical(context));
      try {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
        answer.put("KeyId", key.arn());
        answer.put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
        return json(answer);
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    }

    /** Resolves a KeyId after the deny check (denial comes first, as with IAM): NotFoundException if none. */
    private Key authorizedKey(String keyId, String action) throws ApiError {
      Optional<UUID> uuid = keyUuid(keyId);
      String arn = uuid.map(id -> KEY_ARN_PREFIX + id).orElse(keyId);
      if (http.denies(arn)) {
        throw accessDenied(action, arn);
      }
      if (uuid.isEmpty()) {
        if (keyId.startsWith("alias/") || keyId.contains(":alias/")) {
          throw new ApiError(400, "NotFoundException", "Alias " + keyId + " is not found (the AWS KMS emulator "
              + "serves key ids and key ARNs, not aliases).");
        }
        throw new ApiError(400, "NotFoundException", "Invalid keyId '" + keyId + "'");
      }
      Key key = keys.get(uuid.get());
      if (key == null) {
        throw new ApiError(400, "NotFoundException", "Key '" + arn + "' does not exist");
      }
      return key;
    }

    private byte[] open(Key key, byte[] blob, byte[] aad) throws ApiError {
      try {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, key.aes, new GCMParameterSpec(TAG_BITS, blob, 1 + KEY_ID_BYTES, NONCE_BYTES));
        gcm.updateAAD(aad);
        return gcm.doFinal(blob, HEADER_BYTES, blob.length - HEADER_BYTES);
      } catch (AEADBadTagException e) {
        throw invalidCiphertext(); // tampered blob, or another encryption context
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-256-GCM is available in every JDK 17", e);
      }
    }

    /** Checks the optional EncryptionAlgorithm: a symmetric key takes only SYMMETRIC_DEFAULT. */
    private void algorithm(Map<String, Object> body, Key key) throws ApiError {
      String algorithm = stringField(body, "EncryptionAlgorithm");
      if (algorithm != null && !algorithm.equals(SYMMETRIC_DEFAULT)) {
        throw new ApiError(400, "InvalidKeyUsageException", "Algorithm " + algorithm + " is incompatible with key "
            + key.arn() + " (a symmetric key supports SYMMETRIC_DEFAULT only).");
      }
    }
  }

  private static Map<String, Object> parseBody(RecordedRequest request) throws ApiError {
    String text = request.bodyUtf8();
    if (text.isBlank()) {
      return Map.of();
    }
    try {
      return Json.parseObject(text);
    } catch (MalformedJsonException e) {
      throw new ApiError(400, "SerializationException", "The request body is not a JSON object: " + e.getMessage());
    }
  }

  private static String stringField(Map<String, Object> body, String name) throws ApiError {
    Object value = body.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new ApiError(400, "SerializationException", "Field " + name + " must be a string.");
  }

  /** A blob field: standard base64, as the SDK writes it; null when absent. */
  private static byte[] bytesField(Map<String, Object> body, String name) throws ApiError {
    String value = stringField(body, name);
    if (value == null) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "SerializationException", "Field " + name + " is not valid base64.");
    }
  }

  private static SortedMap<String, String> contextField(Map<String, Object> body) throws ApiError {
    Object value = body.get("EncryptionContext");
    SortedMap<String, String> context = new TreeMap<>();
    if (value == null) {
      return context;
    }
    if (!(value instanceof Map)) {
      throw new ApiError(400, "SerializationException", "EncryptionContext must be a map of strings.");
    }
    for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw new ApiError(400, "SerializationException", "EncryptionContext values must be strings.");
      }
      context.put((String) e.getKey(), (String) e.getValue());
    }
    return context;
  }

  private static ApiError notNull(String member) {
    return new ApiError(400, "ValidationException", "1 validation error detected: Value null at '" + member
        + "' failed to satisfy constraint: Member must not be null");
  }

  private static ApiError invalidCiphertext() {
    return new ApiError(400, "InvalidCiphertextException", "The ciphertext is invalid, was made under a key this "
        + "emulator does not hold, or its encryption context differs.");
  }

  private static ApiError accessDenied(String action, String arn) {
    return new ApiError(400, "AccessDeniedException", "User: " + CALLER + " is not authorized to perform: "
        + action + " on resource: " + arn + " because no identity-based policy allows the " + action + " action");
  }

  private static Reply json(Map<String, Object> answer) {
    return Reply.bytes(200, JSON_11, Json.write(answer).getBytes(StandardCharsets.UTF_8))
        .header("x-amzn-RequestId", UUID.randomUUID().toString());
  }

  private static Reply error(int status, String type, String message) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("__type", type);
    answer.put("message", message);
    return Reply.bytes(status, JSON_11, Json.write(answer).getBytes(StandardCharsets.UTF_8))
        .header("x-amzn-RequestId", UUID.randomUUID().toString())
        .header("x-amzn-ErrorType", type);
  }
}

package dev.secretfn.testing.aws;

import dev.secretfn.testing.aws.AwsJson.ApiError;
import dev.secretfn.testing.emulator.EmulatedCiphertext;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;

/**
 * The AWS JSON 1.1 protocol of KMS behind {@link AwsKmsEmulator}: its keys, the request parsing, and the answers
 * and errors in AWS KMS's words. Blobs are {@link EmulatedCiphertext}s whose key id is the key's 16-byte UUID.
 * Thread-safe.
 */
final class AwsKmsApi implements HttpEmulator.Service {
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "111122223333";
  static final String KEY_ARN_PREFIX = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/";
  private static final String CALLER = "arn:aws:sts::" + ACCOUNT + ":assumed-role/secretfn-emulator/test";
  private static final String TARGET_PREFIX = "TrentService.";
  private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
  private static final Pattern UUID_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern KEY_ARN =
      Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):(\\d{12}):key/(" + UUID_ID.pattern() + ")");
  private static final int KEY_ID_BYTES = 16;
  private static final int MAX_PLAINTEXT = 4096;
  private static final int MAX_CIPHERTEXT = 6144;

  private final Map<UUID, Key> keys = new ConcurrentHashMap<>();
  /** Secret keys by access key id once {@link #requireSignatures} was called; empty: signatures not checked. */
  private final Map<String, String> signers = new ConcurrentHashMap<>();
  private final EmulatedCiphertext ciphertexts = EmulatedCiphertext.withKeyIds(KEY_ID_BYTES);
  /** The server answering with this API; read only while serving, for the deny knob. */
  private final Supplier<HttpEmulator> http;

  AwsKmsApi(Supplier<HttpEmulator> http) {
    this.http = http;
  }

  /** See {@link AwsKmsEmulator#createKey}. */
  String createKey() {
    UUID id = UUID.randomUUID();
    byte[] idBytes = ByteBuffer.allocate(KEY_ID_BYTES)
        .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    Key key = new Key(id, ciphertexts.newKey(idBytes));
    keys.put(key.id, key);
    return key.arn();
  }

  /** See {@link AwsKmsEmulator#encrypt}. */
  byte[] encrypt(String keyId, byte[] plaintext, Map<String, String> encryptionContext) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(encryptionContext, "encryptionContext");
    if (plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException("plaintext must be 1 to 4096 bytes, got " + plaintext.length);
    }
    Key key = keyUuid(keyId).map(keys::get).orElseThrow(() -> new IllegalArgumentException(
        "key " + keyId + " does not exist in this emulator; call createKey first"));
    return ciphertexts.seal(key.aes, plaintext, canonical(new TreeMap<>(encryptionContext)));
  }

  /** See {@link AwsKmsEmulator#requireSignatures}. */
  void requireSignatures(String accessKeyId, String secretAccessKey) {
    signers.put(Objects.requireNonNull(accessKeyId, "accessKeyId"),
        Objects.requireNonNull(secretAccessKey, "secretAccessKey"));
  }

  int keyCount() {
    return keys.size();
  }

  @Override
  public Reply serve(RecordedRequest request) {
    if (!signers.isEmpty()) {
      try {
        SigV4Check.verify(request, "kms", Map.copyOf(signers), Instant.now());
      } catch (SigV4Check.Refused e) {
        return error(400, e.code, e.getMessage());
      }
    }
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
    return operation.equals("Encrypt") ? encryptCall(body) : decryptCall(body);
  }

  private Reply encryptCall(Map<String, Object> body) throws ApiError {
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
    byte[] blob = ciphertexts.seal(key.aes, plaintext, canonical(context));
    Arrays.fill(plaintext, (byte) 0);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("CiphertextBlob", Base64.getEncoder().encodeToString(blob));
    answer.put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    answer.put("KeyId", key.arn());
    return json(answer);
  }

  private Reply decryptCall(Map<String, Object> body) throws ApiError {
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
    byte[] blobKeyBytes = ciphertexts.keyId(blob).orElseThrow(AwsKmsApi::invalidCiphertext);
    ByteBuffer header = ByteBuffer.wrap(blobKeyBytes);
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
    if (requested == null && http.get().denies(key.arn())) {
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
    if (http.get().denies(arn)) {
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
      return ciphertexts.open(key.aes, blob, aad);
    } catch (AEADBadTagException e) {
      throw invalidCiphertext(); // tampered blob, or another encryption context
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
    return AwsJson.ok(answer);
  }

  private static Reply error(int status, String type, String message) {
    return AwsJson.error(status, type, "message", message);
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

  /** One symmetric key: its UUID (written into its blobs) and its emulated key. */
  private static final class Key {
    final UUID id;
    final EmulatedCiphertext.Key aes;

    Key(UUID id, EmulatedCiphertext.Key aes) {
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

}

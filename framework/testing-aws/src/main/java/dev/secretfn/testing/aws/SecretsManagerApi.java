package dev.secretfn.testing.aws;

import dev.secretfn.testing.aws.AwsJson.ApiError;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The AWS JSON 1.1 protocol of Secrets Manager behind {@link SecretsManagerEmulator}: its secrets with their
 * versions and staging labels, the request parsing, and the answers and errors in Secrets Manager's words.
 * Thread-safe: each secret's state changes under the secret's lock.
 */
final class SecretsManagerApi implements HttpEmulator.Service {
  static final String ACCOUNT = "111122223333";
  static final String CURRENT = "AWSCURRENT";
  static final String PREVIOUS = "AWSPREVIOUS";
  private static final String CALLER = "arn:aws:sts::" + ACCOUNT + ":assumed-role/secretfn-emulator/test";
  private static final String TARGET_PREFIX = "secretsmanager.";
  private static final String ACTION = "secretsmanager:GetSecretValue";
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int MAX_VALUE = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String region;
  private final String arnPrefix;
  private final Map<String, Secret> byName = new ConcurrentHashMap<>();
  /** Secret keys by access key id once {@link #requireSignatures} was called; empty: signatures not checked. */
  private final Map<String, String> signers = new ConcurrentHashMap<>();
  /** The server answering with this API; read only while serving, for the deny knob. */
  private final Supplier<HttpEmulator> http;

  SecretsManagerApi(String region, Supplier<HttpEmulator> http) {
    this.region = region;
    this.arnPrefix = "arn:aws:secretsmanager:" + region + ":" + ACCOUNT + ":secret:";
    this.http = http;
  }

  String region() {
    return region;
  }

  /** A new secret whose first version, labelled AWSCURRENT, holds {@code value}; returns its ARN. */
  String create(String name, byte[] value, boolean binary) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Za-z0-9/_+=.@-]{1,512}")) {
      throw new IllegalArgumentException("a secret name is 1 to 512 of A-Z a-z 0-9 / _ + = . @ -");
    }
    StringBuilder suffix = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      suffix.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    }
    Secret secret = new Secret(name, arnPrefix + name + "-" + suffix);
    if (byName.putIfAbsent(name, secret) != null) {
      throw new IllegalArgumentException("secret " + name + " exists already");
    }
    secret.put(value, binary, Set.of(CURRENT));
    return secret.arn;
  }

  /** A new version of {@code name} with {@code labels}; AWSCURRENT moves as PutSecretValue moves it. */
  String put(String name, byte[] value, boolean binary, Set<String> labels) {
    return secret(name).put(value, binary, labels);
  }

  void moveLabel(String name, String label, String versionId) {
    secret(name).moveLabel(label, versionId);
  }

  Optional<String> versionWithLabel(String name, String label) {
    return secret(name).versionWith(label).map(v -> v.id);
  }

  void kmsKey(String name, String keyArn) {
    secret(name).kmsKey = Objects.requireNonNull(keyArn, "keyArn");
  }

  void undecryptable(String name, boolean undecryptable) {
    secret(name).undecryptable = undecryptable;
  }

  void scheduleDeletion(String name, boolean scheduled) {
    secret(name).deleted = scheduled;
  }

  void requireSignatures(String accessKeyId, String secretAccessKey) {
    signers.put(Objects.requireNonNull(accessKeyId, "accessKeyId"),
        Objects.requireNonNull(secretAccessKey, "secretAccessKey"));
  }

  int secretCount() {
    return byName.size();
  }

  private Secret secret(String name) {
    Secret secret = byName.get(name);
    if (secret == null) {
      throw new IllegalArgumentException("no secret " + name + " in this emulator; create it first");
    }
    return secret;
  }

  @Override
  public Reply serve(RecordedRequest request) {
    if (!signers.isEmpty()) {
      try {
        String signedFor = SigV4Check.verify(request, "secretsmanager", Map.copyOf(signers), Instant.now());
        if (!signedFor.equals(region)) {
          return error(400, "InvalidSignatureException", "Credential should be scoped to a valid region. ");
        }
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
    switch (httpStatus) {
      case 400:
        return error(400, "InvalidParameterException", "The parameter is invalid (failure planned by the emulator).");
      case 401:
        return error(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
      case 403:
        return error(400, "AccessDeniedException", "User: " + CALLER + " is not authorized to perform: " + ACTION);
      case 404:
        return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
      case 409:
        return error(400, "InvalidRequestException", "You can't perform this operation on the secret because it was"
            + " marked for deletion.");
      case 412:
        return error(400, "DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the"
            + " provided KMS key.");
      case 429:
        return error(400, "ThrottlingException", "Rate exceeded");
      case 501:
        return error(400, "UnknownOperationException", "The operation is not supported.");
      case 503:
        return error(503, "ServiceUnavailable", "Service Unavailable");
      default:
        return error(500, "InternalServiceError", "An error occurred on the server side.");
    }
  }

  private Reply route(RecordedRequest request) throws ApiError {
    String target = request.header("X-Amz-Target").orElse("");
    if (!request.method().equals("POST") || !request.path().equals("/")
        || !target.equals(TARGET_PREFIX + "GetSecretValue")) {
      throw new ApiError(400, "UnknownOperationException", "The AWS Secrets Manager emulator serves POST / with"
          + " X-Amz-Target secretsmanager.GetSecretValue, got " + request.method() + " " + request.path()
          + (target.isEmpty() ? " without X-Amz-Target" : " with X-Amz-Target " + target));
    }
    Map<String, Object> body = parseBody(request);
    String secretId = stringField(body, "SecretId");
    if (secretId == null) {
      throw new ApiError(400, "ValidationException", "1 validation error detected: Value null at 'secretId'"
          + " failed to satisfy constraint: Member must not be null");
    }
    String versionId = stringField(body, "VersionId");
    String stage = stringField(body, "VersionStage");
    if (secretId.isEmpty() || secretId.length() > 2048 || versionId != null
        && (versionId.length() < 32 || versionId.length() > 64) || stage != null
        && (stage.isEmpty() || stage.length() > 256)) {
      throw new ApiError(400, "InvalidParameterException", "A parameter is out of its length constraints.");
    }
    Optional<Secret> found = lookup(secretId);
    // IAM first: a denied caller learns nothing of whether the secret exists.
    String resource = found.map(s -> s.arn).orElse(secretId.startsWith("arn:") ? secretId : arnPrefix + secretId);
    if (http.get().denies(resource)) {
      throw new ApiError(400, "AccessDeniedException", "User: " + CALLER + " is not authorized to perform: "
          + ACTION + " on resource: " + secretId + " because no identity-based policy allows the " + ACTION
          + " action");
    }
    Secret secret = found.orElseThrow(() -> new ApiError(400, "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret."));
    return json(secret.answer(versionId, stage));
  }

  /** By name, or by the complete ARN of a secret of this emulator's region and account. */
  private Optional<Secret> lookup(String secretId) {
    if (secretId.startsWith("arn:")) {
      return byName.values().stream().filter(s -> s.arn.equals(secretId)).findFirst();
    }
    return Optional.ofNullable(byName.get(secretId));
  }

  private static Map<String, Object> parseBody(RecordedRequest request) throws ApiError {
    try {
      return Json.parseObject(request.bodyUtf8());
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

  private static Reply json(Map<String, Object> answer) {
    return AwsJson.ok(answer);
  }

  private static Reply error(int status, String type, String message) {
    return AwsJson.error(status, type, "Message", message);
  }

  /** One version: its id, value and labels. Its value is never printed. */
  private static final class Version {
    final String id = UUID.randomUUID().toString();
    final byte[] value;
    final boolean binary;
    final double created = Instant.now().toEpochMilli() / 1000.0;
    final Set<String> labels = new LinkedHashSet<>();

    Version(byte[] value, boolean binary) {
      this.value = value.clone();
      this.binary = binary;
    }

    @Override
    public String toString() {
      return "Version[" + id + ", " + labels + ", " + value.length + " bytes]";
    }
  }

  /** One secret; its state is guarded by itself. */
  private static final class Secret {
    final String name;
    final String arn;
    final List<Version> versions = new ArrayList<>();
    volatile String kmsKey = "alias/aws/secretsmanager";
    volatile boolean undecryptable;
    volatile boolean deleted;

    Secret(String name, String arn) {
      this.name = name;
      this.arn = arn;
    }

    synchronized String put(byte[] value, boolean binary, Set<String> labels) {
      if (value.length == 0 || value.length > MAX_VALUE) {
        throw new IllegalArgumentException("a secret value is 1 to 65536 bytes, got " + value.length);
      }
      if (!binary) {
        requireUtf8(value);
      }
      Version version = new Version(value, binary);
      versions.add(version);
      for (String label : labels) {
        moveLabel(label, version.id);
      }
      return version.id;
    }

    /** Moves {@code label} to the version; moving AWSCURRENT labels the version it leaves AWSPREVIOUS. */
    synchronized void moveLabel(String label, String versionId) {
      Version to = versions.stream().filter(v -> v.id.equals(versionId)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no version " + versionId + " of " + name));
      Optional<Version> from = versionWith(label);
      if (from.isPresent() && from.get() == to) {
        return;
      }
      from.ifPresent(v -> v.labels.remove(label));
      if (label.equals(CURRENT) && from.isPresent()) {
        versionWith(PREVIOUS).ifPresent(v -> v.labels.remove(PREVIOUS));
        from.get().labels.add(PREVIOUS);
      }
      to.labels.add(label);
    }

    synchronized Optional<Version> versionWith(String label) {
      return versions.stream().filter(v -> v.labels.contains(label)).findFirst();
    }

    synchronized Map<String, Object> answer(String versionId, String stage) throws ApiError {
      if (deleted) {
        throw new ApiError(400, "InvalidRequestException", "You can't perform this operation on the secret because"
            + " it was marked for deletion.");
      }
      Version version;
      if (versionId != null) {
        version = versions.stream().filter(v -> v.id.equals(versionId)).findFirst().orElseThrow(() ->
            new ApiError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret value"
                + " for VersionId: " + versionId));
        if (stage != null && !version.labels.contains(stage)) {
          throw new ApiError(400, "InvalidRequestException", "The staging label " + stage + " is not attached to"
              + " version " + versionId + ".");
        }
      } else {
        String label = stage == null ? CURRENT : stage;
        version = versionWith(label).orElseThrow(() -> new ApiError(400, "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret value for staging label: " + label));
      }
      if (undecryptable) {
        throw new ApiError(400, "DecryptionFailure", "Secrets Manager can't decrypt the protected secret text"
            + " using the provided KMS key " + kmsKey + ".");
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("ARN", arn);
      answer.put("Name", name);
      answer.put("VersionId", version.id);
      if (version.binary) {
        answer.put("SecretBinary", Base64.getEncoder().encodeToString(version.value));
      } else {
        answer.put("SecretString", new String(version.value, StandardCharsets.UTF_8));
      }
      answer.put("VersionStages", List.copyOf(version.labels));
      answer.put("CreatedDate", version.created);
      return answer;
    }

    private static void requireUtf8(byte[] value) {
      try {
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(value));
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new IllegalArgumentException("a SecretString is UTF-8 text; store bytes as a binary secret");
      }
    }

    @Override
    public synchronized String toString() {
      return "Secret[" + arn + ", " + versions + (deleted ? ", scheduled for deletion" : "") + "]";
    }
  }


  @Override
  public String toString() {
    return "SecretsManagerApi[" + region + ", " + Arrays.toString(byName.keySet().toArray()) + "]";
  }
}

package dev.secretfn.testing.aws;

import dev.secretfn.testing.aws.AwsJson.ApiError;
import dev.secretfn.testing.emulator.EmulatedCiphertext;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;

/**
 * The AWS JSON 1.1 protocol of SSM Parameter Store behind {@link SsmEmulator}: parameters with versions and labels,
 * {@code GetParameters}, and its answers and errors in SSM's words. SecureString values are kept sealed under an
 * emulated key per KMS key id. Thread-safe.
 */
final class SsmApi implements HttpEmulator.Service {
  static final String REGION = "us-east-1";
  static final String ACCOUNT = "111122223333";
  static final String ARN_PREFIX = "arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter";
  static final String DEFAULT_KEY = "alias/aws/ssm";
  private static final String CALLER = "arn:aws:sts::" + ACCOUNT + ":assumed-role/secretfn-emulator/test";
  private static final String TARGET = "AmazonSSM.GetParameters";
  private static final int MAX_NAMES = 10;

  private final Map<String, List<Version>> parameters = new ConcurrentHashMap<>();
  private final Map<String, String> signers = new ConcurrentHashMap<>();
  private final Map<String, EmulatedCiphertext.Key> keys = new ConcurrentHashMap<>();
  private final List<String> deniedKeys = new CopyOnWriteArrayList<>();
  private final EmulatedCiphertext ciphertexts = EmulatedCiphertext.withKeyIds(8);
  private final Supplier<HttpEmulator> http;

  SsmApi(Supplier<HttpEmulator> http) {
    this.http = http;
  }

  /** See {@link SsmEmulator#putParameter}. */
  long put(String name, String type, String value, String keyId) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (!Set.of("String", "StringList", "SecureString").contains(type)) {
      throw new IllegalArgumentException("type must be String, StringList or SecureString, got " + type);
    }
    byte[] stored = value.getBytes(StandardCharsets.UTF_8);
    if (type.equals("SecureString")) {
      stored = ciphertexts.seal(key(keyId), stored, name.getBytes(StandardCharsets.UTF_8));
    }
    List<Version> versions = parameters.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>());
    synchronized (versions) {
      long number = versions.size() + 1;
      versions.add(new Version(number, type, stored, type.equals("SecureString") ? keyId : null));
      return number;
    }
  }

  /** See {@link SsmEmulator#labelParameterVersion}: moves {@code label} to that version. */
  void label(String name, long version, String label) {
    List<Version> versions = parameters.get(name);
    if (versions == null || version < 1 || version > versions.size()) {
      throw new IllegalArgumentException("no version " + version + " of parameter " + name);
    }
    synchronized (versions) { // as one step for find(): a read sees the label on the old version or the new one
      for (Version v : versions) {
        v.labels.remove(label);
      }
      versions.get((int) version - 1).labels.add(label);
    }
  }

  void requireSignatures(String accessKeyId, String secretAccessKey) {
    signers.put(Objects.requireNonNull(accessKeyId), Objects.requireNonNull(secretAccessKey));
  }

  void denyKey(String keyId) {
    deniedKeys.add(Objects.requireNonNull(keyId, "keyId"));
  }

  int parameterCount() {
    return parameters.size();
  }

  private EmulatedCiphertext.Key key(String keyId) {
    return keys.computeIfAbsent(keyId, id -> ciphertexts.newKey());
  }

  /** The ARN of a parameter: a hierarchical name's leading '/' is the ARN's separator. */
  static String arn(String name) {
    return ARN_PREFIX + (name.startsWith("/") ? "" : "/") + name;
  }

  @Override
  public Reply serve(RecordedRequest request) {
    if (!signers.isEmpty()) {
      try {
        SigV4Check.verify(request, "ssm", Map.copyOf(signers), Instant.now());
      } catch (SigV4Check.Refused e) {
        return error(400, e.code, e.getMessage());
      }
    }
    try {
      return getParameters(request);
    } catch (ApiError e) {
      return error(e.status, e.type, e.getMessage());
    }
  }

  @Override
  public Reply failure(RecordedRequest request, int httpStatus) {
    switch (httpStatus) {
      case 400:
        return error(400, "ValidationException", "1 validation error detected (failure planned by the emulator)");
      case 401:
        return error(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
      case 403:
        return error(400, "AccessDeniedException", "User: " + CALLER + " is not authorized to perform:"
            + " ssm:GetParameters");
      case 404:
        return notFound(request);
      case 409:
      case 412:
        return error(400, "InvalidKeyId", "The query key ID isn't valid.");
      case 429:
        return error(400, "ThrottlingException", "Rate exceeded");
      case 501:
        return error(400, "UnsupportedOperationException", "The operation is not supported.");
      case 503:
        return error(503, "ServiceUnavailableException", "Service Unavailable");
      default:
        return error(500, "InternalServerError", "An error occurred on the server side.");
    }
  }

  /** SSM has no not-found error for GetParameters: every name asked comes back in InvalidParameters. */
  private Reply notFound(RecordedRequest request) {
    List<String> names = new ArrayList<>();
    try {
      Object asked = Json.parseObject(request.bodyUtf8()).get("Names");
      if (asked instanceof List) {
        ((List<?>) asked).forEach(n -> names.add(String.valueOf(n)));
      }
    } catch (MalformedJsonException e) {
      // answered as if none were asked
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("InvalidParameters", names);
    answer.put("Parameters", List.of());
    return json(answer);
  }

  private Reply getParameters(RecordedRequest request) throws ApiError {
    String target = request.header("X-Amz-Target").orElse("");
    if (!request.method().equals("POST") || !request.path().equals("/") || !target.startsWith("AmazonSSM.")) {
      throw new ApiError(400, "UnknownOperationException", "The SSM emulator serves POST / with X-Amz-Target "
          + TARGET);
    }
    if (!target.equals(TARGET)) {
      throw new ApiError(400, "UnknownOperationException", "Operation " + target.substring(10)
          + " is not served by the SSM emulator (it serves GetParameters).");
    }
    Map<String, Object> body;
    try {
      body = Json.parseObject(request.bodyUtf8());
    } catch (MalformedJsonException e) {
      throw new ApiError(400, "SerializationException", "The request body is not a JSON object.");
    }
    if (!(body.get("Names") instanceof List) || ((List<?>) body.get("Names")).isEmpty()) {
      throw new ApiError(400, "ValidationException", "1 validation error detected: Value null at 'names' failed"
          + " to satisfy constraint: Member must not be null");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Object name : (List<?>) body.get("Names")) {
      if (!(name instanceof String)) {
        throw new ApiError(400, "SerializationException", "Names must be strings.");
      }
      names.add((String) name);
    }
    if (((List<?>) body.get("Names")).size() > MAX_NAMES) {
      throw new ApiError(400, "ValidationException", "1 validation error detected: Value '[" + String.join(", ",
          names) + "]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10");
    }
    boolean decrypt = Boolean.TRUE.equals(body.get("WithDecryption"));
    for (String name : names) {
      String arn = arn(baseName(name));
      if (http.get().denies(arn)) {
        throw new ApiError(400, "AccessDeniedException", "User: " + CALLER + " is not authorized to perform:"
            + " ssm:GetParameters on resource: " + arn + " because no identity-based policy allows the"
            + " ssm:GetParameters action");
      }
    }
    List<Object> found = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    for (String name : names) {
      Version version = find(name);
      if (version == null) {
        invalid.add(name);
      } else {
        found.add(answer(name, version, decrypt));
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("InvalidParameters", invalid);
    answer.put("Parameters", found);
    return json(answer);
  }

  private Map<String, Object> answer(String asked, Version version, boolean decrypt) throws ApiError {
    String name = baseName(asked);
    String value;
    if (version.keyId == null) {
      value = new String(version.stored, StandardCharsets.UTF_8);
    } else if (!decrypt) {
      value = Base64.getEncoder().encodeToString(version.stored);
    } else {
      for (String denied : deniedKeys) {
        if (version.keyId.startsWith(denied)) {
          throw new ApiError(400, "AccessDeniedException", "User: " + CALLER + " is not authorized to perform:"
              + " kms:Decrypt on resource: " + version.keyId + " because no identity-based policy allows the"
              + " kms:Decrypt action (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException)");
        }
      }
      try {
        value = new String(ciphertexts.open(key(version.keyId), version.stored,
            name.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
      } catch (AEADBadTagException e) {
        throw new ApiError(400, "InvalidKeyId", "The query key ID isn't valid.");
      }
    }
    Map<String, Object> parameter = new LinkedHashMap<>();
    parameter.put("Name", name);
    parameter.put("Type", version.type);
    parameter.put("Value", value);
    parameter.put("Version", version.number);
    if (asked.length() > name.length()) {
      parameter.put("Selector", asked.substring(name.length()));
    }
    parameter.put("LastModifiedDate", 1.7e9);
    parameter.put("ARN", arn(name));
    parameter.put("DataType", "text");
    return parameter;
  }

  /** The version a selector names: {@code NAME}, {@code NAME:VERSION} or {@code NAME:LABEL}; null if none. */
  private Version find(String selector) {
    List<Version> versions = parameters.get(baseName(selector));
    if (versions == null || versions.isEmpty()) {
      return null;
    }
    int colon = selector.indexOf(':');
    if (colon < 0) {
      return versions.get(versions.size() - 1);
    }
    String which = selector.substring(colon + 1);
    if (which.matches("[1-9][0-9]{0,9}")) {
      long number = Long.parseLong(which);
      return number <= versions.size() ? versions.get((int) number - 1) : null;
    }
    synchronized (versions) { // see label()
      for (Version v : versions) {
        if (v.labels.contains(which)) {
          return v;
        }
      }
    }
    return null;
  }

  private static String baseName(String selector) {
    int colon = selector.indexOf(':');
    return colon < 0 ? selector : selector.substring(0, colon);
  }

  private static Reply json(Map<String, Object> answer) {
    return AwsJson.ok(answer);
  }

  private static Reply error(int status, String type, String message) {
    return AwsJson.error(status, type, "message", message);
  }

  /** One version of a parameter; the value sealed for a SecureString. Never printed. */
  private static final class Version {
    final long number;
    final String type;
    final byte[] stored;
    final String keyId;
    final Set<String> labels = ConcurrentHashMap.newKeySet();

    Version(long number, String type, byte[] stored, String keyId) {
      this.number = number;
      this.type = type;
      this.stored = stored;
      this.keyId = keyId;
    }

    @Override
    public String toString() {
      return "Version[" + number + ", " + type + "]";
    }
  }

}

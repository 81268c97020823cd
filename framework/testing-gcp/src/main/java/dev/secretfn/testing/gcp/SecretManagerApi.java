package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.emulator.UriCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secret Manager REST protocol behind {@link SecretManagerEmulator}: secrets and their versions with states,
 * AccessSecretVersion, and the answers and errors in Secret Manager's words. Thread-safe.
 */
final class SecretManagerApi implements HttpEmulator.Service {
  private static final Pattern SECRET =
      Pattern.compile("projects/([^/]+)(/locations/[^/]+)?/secrets/([a-zA-Z0-9_-]{1,255})");
  private static final Pattern VERSION = Pattern.compile("(" + SECRET.pattern() + ")/versions/([^/]+)");

  /** The states of a secret version. */
  enum State {
    ENABLED,
    DISABLED,
    DESTROYED
  }

  private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
  private final Map<String, Long> projectNumbers = new ConcurrentHashMap<>();
  /** The server answering with this API; read only while serving, for the deny and checksum knobs. */
  private final Supplier<HttpEmulator> http;

  SecretManagerApi(Supplier<HttpEmulator> http) {
    this.http = http;
  }

  void createSecret(String secretName) {
    requireSecretName(secretName);
    if (secrets.putIfAbsent(secretName, new ArrayList<>()) != null) {
      throw new IllegalArgumentException("secret " + secretName + " already exists");
    }
  }

  long addVersion(String secretName, byte[] data, boolean checksum) {
    Objects.requireNonNull(data, "data");
    List<Version> versions = existing(secretName);
    synchronized (versions) {
      versions.add(new Version(data.clone(), checksum));
      return versions.size();
    }
  }

  void setState(String secretName, long version, State state) {
    List<Version> versions = existing(secretName);
    synchronized (versions) {
      if (version < 1 || version > versions.size()) {
        throw new IllegalArgumentException("secret " + secretName + " has no version " + version);
      }
      Version v = versions.get((int) version - 1);
      if (v.state == State.DESTROYED) {
        throw new IllegalArgumentException("version " + version + " is destroyed, which is final");
      }
      v.state = state;
      if (state == State.DESTROYED) {
        Arrays.fill(v.data, (byte) 0);
      }
    }
  }

  void projectNumber(String projectId, long number) {
    projectNumbers.put(projectId, number);
  }

  int secretCount() {
    return secrets.size();
  }

  private List<Version> existing(String secretName) {
    List<Version> versions = secrets.get(requireSecretName(secretName));
    if (versions == null) {
      throw new IllegalArgumentException("secret " + secretName + " does not exist; call createSecret first");
    }
    return versions;
  }

  private static String requireSecretName(String name) {
    Objects.requireNonNull(name, "secretName");
    if (!SECRET.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a secret name: expected projects/P/secrets/S or"
          + " projects/P/locations/L/secrets/S");
    }
    return name;
  }

  @Override
  public Reply serve(RecordedRequest request) {
    String path = request.path();
    if (!path.startsWith("/v1/")) {
      return error(404, "NOT_FOUND", "The requested URL " + path + " was not found on this server.");
    }
    String resource = UriCodec.decode(path.substring("/v1/".length()));
    int colon = resource.lastIndexOf(':');
    String verb = colon < 0 ? "" : resource.substring(colon + 1);
    String name = colon < 0 ? resource : resource.substring(0, colon);
    if (!verb.equals("access") || !request.method().equals("GET")) {
      return error(404, "NOT_FOUND", "Method " + request.method() + " " + resource
          + " is not served by the Secret Manager emulator (it serves GET .../versions/V:access).");
    }
    Matcher m = VERSION.matcher(name);
    if (!m.matches()) {
      return error(400, "INVALID_ARGUMENT", "Invalid resource field value in the request.");
    }
    if (http.get().denies(name)) {
      return error(403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.access' denied for resource '"
          + name + "' (or it may not exist).");
    }
    String secretName = m.group(1);
    List<Version> versions = secrets.get(secretName);
    if (versions == null) {
      return error(404, "NOT_FOUND", "Secret [" + secretName + "] not found or has no versions.");
    }
    String id = m.group(5);
    Version version;
    long number;
    synchronized (versions) {
      if (id.equals("latest")) {
        // As Secret Manager does: the most recently created version, whatever its state.
        number = versions.size();
        if (number == 0) {
          return error(404, "NOT_FOUND", "Secret [" + secretName + "] not found or has no versions.");
        }
      } else if (id.matches("[1-9][0-9]{0,18}")) {
        number = Long.parseLong(id);
        if (number > versions.size()) {
          return error(404, "NOT_FOUND", "Secret Version [" + name + "] not found.");
        }
      } else {
        return error(404, "NOT_FOUND", "Secret Version [" + name + "] not found.");
      }
      version = versions.get((int) number - 1);
      if (version.state != State.ENABLED) {
        return error(400, "FAILED_PRECONDITION", "Secret Version [" + answerName(m, number) + "] is in "
            + version.state + " state.");
      }
      return access(answerName(m, number), version);
    }
  }

  private Reply access(String name, Version version) {
    byte[] data = version.data;
    Map<String, Object> payload = new LinkedHashMap<>();
    if (data.length > 0) {
      payload.put("data", Base64.getEncoder().encodeToString(data));
    }
    if (version.checksum) {
      long crc = Checksums.crc32c(data);
      if (http.get().takeChecksumCorruption()) {
        crc = Checksums.corrupt(crc);
      }
      payload.put("dataCrc32c", String.valueOf(crc));
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("name", name);
    answer.put("payload", payload);
    return Reply.json(200, answer);
  }

  /** The version's name as answers carry it: the project by number when one is known, as Secret Manager does. */
  private String answerName(Matcher m, long number) {
    Long projectNumber = projectNumbers.get(m.group(2));
    String project = projectNumber == null ? m.group(2) : projectNumber.toString();
    return "projects/" + project + (m.group(3) == null ? "" : m.group(3)) + "/secrets/" + m.group(4)
        + "/versions/" + number;
  }

  @Override
  public Reply failure(RecordedRequest request, int httpStatus) {
    return error(httpStatus, GoogleStatus.canonical(httpStatus), GoogleStatus.genericMessage(httpStatus));
  }

  private static Reply error(int code, String status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("status", status);
    return Reply.json(code, Map.of("error", error));
  }

  /** One version: its payload, whether a checksum is stored with it, and its state. */
  private static final class Version {
    final byte[] data;
    final boolean checksum;
    volatile State state = State.ENABLED;

    Version(byte[] data, boolean checksum) {
      this.data = data;
      this.checksum = checksum;
    }

    @Override
    public String toString() {
      return "Version[" + state + ", " + data.length + " bytes]";
    }
  }
}

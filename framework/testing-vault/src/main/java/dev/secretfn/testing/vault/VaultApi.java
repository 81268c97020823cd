package dev.secretfn.testing.vault;

import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.vault.VaultLogins.LoginRefused;
import dev.secretfn.testing.vault.VaultLogins.Role;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The Vault HTTP API behind {@link VaultEmulator}: its state (KV mounts and secrets, policies, auth mounts,
 * tokens, the seal), KV version 1 and 2 reads, the mount lookup, login (checked by {@link VaultLogins}) and
 * revoke-self, with Vault's JSON shapes. Thread-safe.
 */
final class VaultApi implements HttpEmulator.Service {
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Integer> kvMounts = new ConcurrentHashMap<>(); // "secret/" -> version
  private final Map<String, List<Map<String, Object>>> kv = new ConcurrentHashMap<>(); // full path -> versions
  private final Map<String, List<String>> policies = new ConcurrentHashMap<>();
  private final Map<String, String> authMounts = new ConcurrentHashMap<>(); // "gcp" -> "gcp"
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger loginCount = new AtomicInteger();
  private final AtomicInteger revocations = new AtomicInteger();
  private final VaultLogins logins;
  /** The server answering with this API; read only while serving, for the deny knob. */
  private final Supplier<HttpEmulator> http;
  private volatile boolean sealed;

  VaultApi(VaultLogins logins, Supplier<HttpEmulator> http) {
    this.logins = logins;
    this.http = http;
    authMounts.put("gcp", "gcp");
    authMounts.put("aws", "aws");
  }

  /** See {@link VaultEmulator#mountKv}. */
  void mountKv(String path, int version) {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("version must be 1 or 2");
    }
    kvMounts.put(trim(path) + "/", version);
  }

  /** See {@link VaultEmulator#enableAuth}. */
  void enableAuth(String method, String path) {
    if (!method.equals("gcp") && !method.equals("aws")) {
      throw new IllegalArgumentException("method must be gcp or aws");
    }
    authMounts.put(trim(path), method);
  }

  /** See {@link VaultEmulator#put}. */
  int put(String path, Map<String, ?> data) {
    String mount = mountOf(path).orElseThrow(() -> new IllegalArgumentException("no KV mount for " + path));
    Map<String, Object> value = new LinkedHashMap<>(data);
    if (kvMounts.get(mount) == 1) {
      // One value, replaced whole: a read holds the old list or the new one, never an empty one.
      kv.put(path, new CopyOnWriteArrayList<>(List.of(value)));
      return 1;
    }
    List<Map<String, Object>> versions = kv.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
    synchronized (versions) { // the append and the number it returns as one step; reads need no lock
      versions.add(value);
      return versions.size();
    }
  }

  /** See {@link VaultEmulator#deleteVersion}. */
  void deleteVersion(String path, int version) {
    kv.get(path).set(version - 1, null);
  }

  /** See {@link VaultEmulator#policy}. */
  void policy(String name, String... readPaths) {
    policies.put(name, List.of(readPaths));
  }

  /** See {@link VaultEmulator#seal}. */
  void seal(boolean sealed) {
    this.sealed = sealed;
  }

  int logins() {
    return loginCount.get();
  }

  int revocations() {
    return revocations.get();
  }

  int liveServiceTokens() {
    return (int) tokens.values().stream().filter(t -> !t.batch && !t.revoked).count();
  }

  @Override
  public Reply serve(RecordedRequest request) {
    if (sealed) {
      return errors(503, "Vault is sealed");
    }
    String path = request.path();
    if (!path.startsWith("/v1/")) {
      return errors(404, "no handler for route \"" + path + "\"");
    }
    String route = path.substring(4);
    if (route.startsWith("auth/") && route.endsWith("/login") && request.method().equals("POST")) {
      return login(route.substring(5, route.length() - 6), request);
    }
    Optional<Token> token = Optional.ofNullable(request.header("X-Vault-Token").orElse(null)).map(tokens::get)
        .filter(t -> !t.revoked);
    if (token.isEmpty()) {
      return errors(403, "permission denied");
    }
    if (route.equals("auth/token/revoke-self") && request.method().equals("POST")) {
      if (token.get().batch) {
        return errors(400, "batch tokens cannot be revoked");
      }
      token.get().revoked = true;
      revocations.incrementAndGet();
      return Reply.empty(204);
    }
    if (!request.method().equals("GET")) {
      return errors(405, "unsupported operation");
    }
    if (route.startsWith("sys/internal/ui/mounts/")) {
      return mountInfo(route.substring("sys/internal/ui/mounts/".length()), token.get());
    }
    if (http.get().denies(route) || !allowed(token.get(), route)) {
      return errors(403, "permission denied");
    }
    return read(route, request);
  }

  private boolean allowed(Token token, String route) {
    for (String policy : token.policies) {
      for (String pattern : policies.getOrDefault(policy, List.of())) {
        if (pattern.endsWith("*") ? route.startsWith(pattern.substring(0, pattern.length() - 1))
            : route.equals(pattern)) {
          return true;
        }
      }
    }
    return false;
  }

  private Reply mountInfo(String secretPath, Token token) {
    Optional<String> mount = mountOf(secretPath);
    if (mount.isEmpty()) {
      return errors(403, "preflight capability check returned 403, please ensure client's policies grant"
          + " access to path \"" + secretPath + "\"");
    }
    boolean anyAccess = false;
    for (String policy : token.policies) {
      for (String pattern : policies.getOrDefault(policy, List.of())) {
        anyAccess |= pattern.startsWith(mount.get());
      }
    }
    if (!anyAccess) {
      return errors(403, "permission denied");
    }
    int version = kvMounts.get(mount.get());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("accessor", "kv_" + Integer.toHexString(mount.get().hashCode()));
    data.put("config", Map.of("default_lease_ttl", 0, "force_no_cache", false, "max_lease_ttl", 0));
    data.put("description", "key/value secret storage");
    data.put("external_entropy_access", false);
    data.put("local", false);
    data.put("options", version == 2 ? Map.of("version", "2") : null);
    data.put("path", mount.get());
    data.put("seal_wrap", false);
    data.put("type", "kv");
    data.put("uuid", UUID.nameUUIDFromBytes(mount.get().getBytes(StandardCharsets.UTF_8)).toString());
    return Reply.json(200, envelope(data, null, 0));
  }

  private Reply read(String route, RecordedRequest request) {
    Optional<String> mount = mountOf(route);
    if (mount.isEmpty()) {
      return errors(404, "no handler for route \"" + route + "\". route entry not found.");
    }
    if (kvMounts.get(mount.get()) == 1) {
      List<Map<String, Object>> versions = kv.get(route);
      if (versions == null || versions.isEmpty()) {
        return errors(404);
      }
      return Reply.json(200, envelope(versions.get(versions.size() - 1), null, 2764800));
    }
    String below = route.substring(mount.get().length());
    if (!below.startsWith("data/")) {
      return errors(404);
    }
    String secretPath = mount.get() + below.substring(5);
    List<Map<String, Object>> versions = kv.get(secretPath);
    if (versions == null || versions.isEmpty()) {
      return errors(404);
    }
    int version = versions.size();
    Optional<String> pinned = request.queryParameter("version");
    if (pinned.isPresent()) {
      try {
        version = Integer.parseInt(pinned.get());
      } catch (NumberFormatException e) {
        return errors(400, "invalid version");
      }
      if (version < 1 || version > versions.size()) {
        return errors(404);
      }
    }
    Map<String, Object> data = versions.get(version - 1);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("created_time", "2026-01-01T00:00:00.000000000Z");
    metadata.put("custom_metadata", null);
    metadata.put("deletion_time", data == null ? "2026-01-02T00:00:00.000000000Z" : "");
    metadata.put("destroyed", false);
    metadata.put("version", version);
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("data", data);
    wrapped.put("metadata", metadata);
    // A deleted version answers 404 with its metadata and null data, as Vault does.
    return Reply.json(data == null ? 404 : 200, envelope(wrapped, null, 0));
  }

  private Reply login(String mountPath, RecordedRequest request) {
    String method = authMounts.get(mountPath);
    if (method == null) {
      return errors(400, "no handler for route \"auth/" + mountPath + "/login\". route entry not found.");
    }
    Map<String, Object> body;
    try {
      body = Json.parseObject(request.bodyUtf8());
    } catch (Json.MalformedJsonException e) {
      return errors(400, "failed to parse JSON input: " + e.getMessage());
    }
    Object roleName = body.get("role");
    if (!(roleName instanceof String)) {
      return errors(400, "role is required");
    }
    String role = (String) roleName;
    try {
      Role granted = logins.check(method, role, body);
      return issue(role, granted, mountPath);
    } catch (LoginRefused e) {
      return errors(e.status, e.getMessage());
    }
  }

  private Reply issue(String roleName, Role role, String mountPath) {
    byte[] raw = new byte[18];
    random.nextBytes(raw);
    String token = (role.batch ? "hvb." : "hvs.") + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    tokens.put(token, new Token(role.batch, role.policies));
    loginCount.incrementAndGet();
    List<String> all = new ArrayList<>(List.of("default"));
    all.addAll(role.policies);
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("client_token", token);
    auth.put("accessor", role.batch ? "" : UUID.randomUUID().toString());
    auth.put("policies", all);
    auth.put("token_policies", all);
    auth.put("metadata", Map.of("role", roleName));
    auth.put("lease_duration", role.batch ? 300 : 3600);
    auth.put("renewable", !role.batch);
    auth.put("entity_id", UUID.nameUUIDFromBytes((mountPath + roleName).getBytes(StandardCharsets.UTF_8)).toString());
    auth.put("token_type", role.batch ? "batch" : "service");
    auth.put("orphan", true);
    return Reply.json(200, envelope(null, auth, 0));
  }

  @Override
  public Reply failure(RecordedRequest request, int httpStatus) {
    switch (httpStatus) {
      case 403:
        return errors(403, "permission denied");
      case 404:
        return errors(404);
      case 429:
        return errors(429, "request path \"" + request.path() + "\": rate limit quota exceeded");
      case 503:
        return errors(503, "Vault is temporarily unavailable (standby node)");
      default:
        return errors(httpStatus, "emulated failure " + httpStatus);
    }
  }

  private Optional<String> mountOf(String path) {
    for (String mount : kvMounts.keySet()) {
      if (path.startsWith(mount)) {
        return Optional.of(mount);
      }
    }
    return Optional.empty();
  }

  private static String trim(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static Reply errors(int status, String... messages) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", List.of(messages));
    return Reply.json(status, body);
  }

  private Map<String, Object> envelope(Object data, Object auth, long leaseDuration) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", UUID.randomUUID().toString());
    body.put("lease_id", "");
    body.put("renewable", false);
    body.put("lease_duration", leaseDuration);
    body.put("data", data);
    body.put("wrap_info", null);
    body.put("warnings", null);
    body.put("auth", auth);
    return body;
  }

  /** An issued token: its type, policies, and whether revoke-self revoked it. */
  private static final class Token {
    final boolean batch;
    final List<String> policies;
    volatile boolean revoked;

    Token(boolean batch, List<String> policies) {
      this.batch = batch;
      this.policies = policies;
    }
  }
}

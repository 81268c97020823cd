package dev.secretfn.testing.vault;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A HashiCorp Vault emulator speaking the HTTP API a function needs at start-up, on 127.0.0.1 and an ephemeral
 * port, with Vault's JSON shapes: KV version 1 and 2 reads, the mount lookup the Vault CLI makes ({@code GET
 * /v1/sys/internal/ui/mounts/PATH}), the {@code gcp} and {@code aws} auth methods' login, and {@code
 * auth/token/revoke-self}. For tests and the local launcher only; never part of a function.
 *
 * <pre>{@code
 * try (MetadataServerEmulator metadata = MetadataServerEmulator.start("fn@p.iam.gserviceaccount.com");
 *      VaultEmulator vault = VaultEmulator.start()) {
 *   vault.mountKv("secret", 2);
 *   vault.put("secret/weather", Map.of("value", "s3cret"));
 *   vault.policy("weather", "secret/data/weather");
 *   vault.trustGoogleSigner(metadata.publicKey());
 *   vault.gcpRole("weather-fn", metadata.serviceAccount(), true, "weather");
 *   // VAULT_ADDR=vault.endpoint(), GCE_METADATA_HOST=metadata.hostPort(), VAULT_AUTH_ROLE=weather-fn
 * }
 * }</pre>
 *
 * <p>Logins are checked for real. gcp: the JWT's RS256 signature against the trusted keys, its expiry, its
 * {@code aud} ending in {@code vault/ROLE} (Vault's check), and its {@code email} among the role's bound
 * service accounts. aws ({@code auth_type=iam}): the forwarded {@code GetCallerIdentity} request must be a
 * {@code POST} of {@code Action=GetCallerIdentity&Version=2011-06-15} to {@code https://sts.amazonaws.com/},
 * correctly SigV4-signed (HMAC-SHA256, as STS checks it) with credentials registered by {@link #awsCredentials},
 * carry the signed {@code X-Vault-AWS-IAM-Server-ID} when {@link #requireIamServerId} is set, and come from the
 * role's bound principal ({@code assumed-role/NAME/SESSION} matches {@code arn:aws:iam::ACCOUNT:role/NAME}).
 * Failures answer 400 with Vault's {@code {"errors":["..."]}}.
 *
 * <p>Tokens are {@code hvs.}-prefixed service tokens or {@code hvb.}-prefixed batch tokens, carrying the role's
 * policies. A policy lists paths with read capability; a path ending in {@code *} is a prefix, as in Vault's
 * ACLs. A read without a token, with an unknown or revoked token, or outside the token's policies answers
 * 403 {@code permission denied}; a missing secret 404 {@code {"errors":[]}}. {@link #seal} makes every
 * request answer 503 {@code Vault is sealed}.
 *
 * <p>Thread-safe. {@link #close()} stops the server at once.
 *
 * <h2>WARNING</h2>
 * Secrets live in this object's memory and are served to anyone with a token from it: it protects nothing.
 */
public final class VaultEmulator implements AutoCloseable {
  /** The STS URL Vault's aws method expects by default. */
  public static final String STS_URL = "https://sts.amazonaws.com/";
  private static final String GET_CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";

  private final HttpEmulator http;
  private final Clock clock = Clock.systemUTC();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Integer> kvMounts = new ConcurrentHashMap<>(); // "secret/" -> version
  private final Map<String, List<Map<String, String>>> kv = new ConcurrentHashMap<>(); // full path -> versions
  private final Map<String, List<String>> policies = new ConcurrentHashMap<>();
  private final Map<String, String> authMounts = new ConcurrentHashMap<>(); // "gcp" -> "gcp"
  private final Map<String, Role> gcpRoles = new ConcurrentHashMap<>();
  private final Map<String, Role> awsRoles = new ConcurrentHashMap<>();
  private final List<PublicKey> googleSigners = new CopyOnWriteArrayList<>();
  private final Map<String, String[]> awsKeys = new ConcurrentHashMap<>(); // akid -> {secret, arn}
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger logins = new AtomicInteger();
  private final AtomicInteger revocations = new AtomicInteger();
  private volatile String iamServerId;
  private volatile String stsUrl = STS_URL;
  private volatile boolean sealed;

  private VaultEmulator() {
    authMounts.put("gcp", "gcp");
    authMounts.put("aws", "aws");
    this.http = HttpEmulator.start("vault-emulator", new Api());
  }

  /** Starts an unsealed emulator with the gcp and aws auth methods at their default paths, and no KV mount. */
  public static VaultEmulator start() {
    return new VaultEmulator();
  }

  /** {@code http://127.0.0.1:PORT}, the value for {@code VAULT_ADDR}. */
  public String endpoint() {
    return http.endpoint();
  }

  /**
   * Latency and faults. {@link EmulatorKnobs#failNext} answers Vault's {@code {"errors":[...]}} with the status
   * (503 as a standby node that is not sealed, 429 as a rate limit); {@link EmulatorKnobs#deny} takes Vault
   * paths such as {@code secret/data/app} and answers 403 {@code permission denied}.
   */
  public EmulatorKnobs knobs() {
    return http.knobs();
  }

  /** Every request so far. Their bodies hold login credentials: do not print them. */
  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** Mounts a KV engine at {@code path} (e.g. {@code secret} or {@code team/kv}), version 1 or 2. */
  public void mountKv(String path, int version) {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("version must be 1 or 2");
    }
    kvMounts.put(trim(path) + "/", version);
  }

  /** Also enables an auth method ({@code gcp} or {@code aws}) at {@code path}. */
  public void enableAuth(String method, String path) {
    if (!method.equals("gcp") && !method.equals("aws")) {
      throw new IllegalArgumentException("method must be gcp or aws");
    }
    authMounts.put(trim(path), method);
  }

  /** Writes {@code data} at {@code path} (mount included); on KV v2 as a new version, whose number is returned. */
  public int put(String path, Map<String, String> data) {
    String mount = mountOf(path).orElseThrow(() -> new IllegalArgumentException("no KV mount for " + path));
    List<Map<String, String>> versions = kv.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
    if (kvMounts.get(mount) == 1) {
      versions.clear();
    }
    versions.add(new LinkedHashMap<>(data));
    return versions.size();
  }

  /** Soft-deletes version {@code version} of a KV v2 secret: reads of it answer 404 with metadata, as Vault does. */
  public void deleteVersion(String path, int version) {
    kv.get(path).set(version - 1, null);
  }

  /** A policy granting read on each path ({@code secret/data/app} or a prefix {@code secret/data/app/*}). */
  public void policy(String name, String... readPaths) {
    policies.put(name, List.of(readPaths));
  }

  /** Trusts identity tokens signed with {@code key} (a {@link MetadataServerEmulator#publicKey()}). */
  public void trustGoogleSigner(PublicKey key) {
    googleSigners.add(Objects.requireNonNull(key, "key"));
  }

  /** A gcp auth role bound to {@code serviceAccount}, issuing batch or service tokens with {@code policies}. */
  public void gcpRole(String role, String serviceAccount, boolean batchTokens, String... policies) {
    gcpRoles.put(role, new Role(serviceAccount, batchTokens, List.of(policies)));
  }

  /** Registers credentials as STS knows them: the access key's secret and the principal it belongs to. */
  public void awsCredentials(String accessKeyId, String secretAccessKey, String principalArn) {
    awsKeys.put(accessKeyId, new String[] {secretAccessKey, principalArn});
  }

  /** An aws auth role ({@code auth_type=iam}) bound to {@code principalArn} (e.g. an IAM role ARN). */
  public void awsRole(String role, String principalArn, boolean batchTokens, String... policies) {
    awsRoles.put(role, new Role(principalArn, batchTokens, List.of(policies)));
  }

  /** Requires the signed {@code X-Vault-AWS-IAM-Server-ID} header with this value on aws logins. */
  public void requireIamServerId(String value) {
    iamServerId = value;
  }

  /**
   * Expects aws logins signed for the STS endpoint {@code url} (e.g. {@code https://sts.eu-west-1.amazonaws.com/}),
   * as Vault's aws method configured with {@code sts_endpoint} does; the signature's region must be the
   * endpoint's. Default {@link #STS_URL}.
   */
  public void stsEndpoint(String url) {
    stsUrl = Objects.requireNonNull(url, "url");
  }

  /** Seals or unseals: a sealed Vault answers every request 503 {@code Vault is sealed}. */
  public void seal(boolean sealed) {
    this.sealed = sealed;
  }

  /** Logins that issued a token. */
  public int logins() {
    return logins.get();
  }

  /** Tokens revoked with revoke-self. */
  public int revocations() {
    return revocations.get();
  }

  /** Issued tokens that are neither revoked nor batch tokens (which expire on their own). */
  public int liveServiceTokens() {
    return (int) tokens.values().stream().filter(t -> !t.batch && !t.revoked).count();
  }

  @Override
  public void close() {
    http.close();
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

  private static final class Role {
    final String boundTo;
    final boolean batch;
    final List<String> policies;

    Role(String boundTo, boolean batch, List<String> policies) {
      this.boundTo = boundTo;
      this.batch = batch;
      this.policies = policies;
    }
  }

  private static final class Token {
    final boolean batch;
    final List<String> policies;
    volatile boolean revoked;

    Token(boolean batch, List<String> policies) {
      this.batch = batch;
      this.policies = policies;
    }
  }

  private final class Api implements HttpEmulator.Service {
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
      if (http.denies(route) || !allowed(token.get(), route)) {
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
        List<Map<String, String>> versions = kv.get(route);
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
      List<Map<String, String>> versions = kv.get(secretPath);
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
      Map<String, String> data = versions.get(version - 1);
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
        Role granted = method.equals("gcp") ? gcpLogin(role, body) : awsLogin(role, body);
        return issue(role, granted, mountPath);
      } catch (LoginRefused e) {
        return errors(e.status, e.getMessage());
      }
    }

    private Role gcpLogin(String roleName, Map<String, Object> body) throws LoginRefused {
      Role role = gcpRoles.get(roleName);
      if (role == null) {
        throw new LoginRefused(400, "invalid role name \"" + roleName + "\"");
      }
      if (!(body.get("jwt") instanceof String)) {
        throw new LoginRefused(400, "jwt is required");
      }
      String[] parts = ((String) body.get("jwt")).split("\\.", -1);
      if (parts.length != 3) {
        throw new LoginRefused(400, "unable to parse signed JWT: square/go-jose: compact JWS format must have three parts");
      }
      Map<String, Object> claims;
      try {
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!verifiedByGoogle(input, signature)) {
          throw new LoginRefused(400, "unable to verify JWT: could not verify JWT signature with any known key");
        }
        Map<String, Object> header = Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        if (!"RS256".equals(header.get("alg"))) {
          throw new LoginRefused(400, "unable to verify JWT: unsupported algorithm");
        }
        claims = Json.parseObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException | Json.MalformedJsonException e) {
        throw new LoginRefused(400, "unable to parse signed JWT");
      }
      Object aud = claims.get("aud");
      String expected = "vault/" + roleName;
      if (!(aud instanceof String) || !((String) aud).endsWith(expected)) {
        throw new LoginRefused(400, "JWT does not have the expected audience: wanted one ending in \"" + expected
            + "\"");
      }
      Object exp = claims.get("exp");
      if (!(exp instanceof Number) || ((Number) exp).longValue() < clock.instant().getEpochSecond()) {
        throw new LoginRefused(400, "JWT is expired or has no exp claim");
      }
      Object email = claims.get("email");
      if (!role.boundTo.equals(email)) {
        throw new LoginRefused(400, "service account " + email + " is not authorized for role");
      }
      return role;
    }

    private boolean verifiedByGoogle(byte[] input, byte[] signature) {
      for (PublicKey key : googleSigners) {
        try {
          Signature rsa = Signature.getInstance("SHA256withRSA");
          rsa.initVerify(key);
          rsa.update(input);
          if (rsa.verify(signature)) {
            return true;
          }
        } catch (GeneralSecurityException e) {
          // not this key
        }
      }
      return false;
    }

    private Role awsLogin(String roleName, Map<String, Object> body) throws LoginRefused {
      Role role = awsRoles.get(roleName);
      if (role == null) {
        throw new LoginRefused(400, "entry for role " + roleName + " not found");
      }
      String method = decode(body, "iam_http_request_method", false);
      String url = decode(body, "iam_request_url", true);
      String requestBody = decode(body, "iam_request_body", true);
      String headersJson = decode(body, "iam_request_headers", true);
      String expectedUrl = stsUrl;
      if (!"POST".equals(method) || !expectedUrl.equals(url) || !GET_CALLER_IDENTITY.equals(requestBody)) {
        throw new LoginRefused(400, "the login request must be a POST of " + GET_CALLER_IDENTITY + " to "
            + expectedUrl);
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      try {
        Json.parseObject(headersJson).forEach((name, value) -> {
          if (value instanceof List) {
            List<String> values = new ArrayList<>();
            ((List<?>) value).forEach(v -> values.add(String.valueOf(v)));
            headers.put(name, values);
          } else {
            headers.put(name, List.of(String.valueOf(value)));
          }
        });
      } catch (Json.MalformedJsonException e) {
        throw new LoginRefused(400, "error parsing iam_request_headers: not a JSON object");
      }
      String serverId = iamServerId;
      if (serverId != null) {
        Optional<String> sent = headers.entrySet().stream()
            .filter(h -> h.getKey().equalsIgnoreCase("X-Vault-AWS-IAM-Server-ID"))
            .map(h -> String.join(",", h.getValue())).findFirst();
        String signed = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Authorization"))
            .map(h -> String.join(",", h.getValue())).findFirst().orElse("");
        if (sent.isEmpty() || !sent.get().equals(serverId)
            || !signed.toLowerCase(java.util.Locale.ROOT).contains("x-vault-aws-iam-server-id")) {
          throw new LoginRefused(400, "error validating X-Vault-AWS-IAM-Server-ID header: missing, unsigned or"
              + " not the expected value");
        }
      }
      SigV4Check.Signer signer;
      try {
        signer = SigV4Check.verify(method, URI.create(url), headers, requestBody.getBytes(StandardCharsets.UTF_8),
            akid -> Optional.ofNullable(awsKeys.get(akid)).map(k -> k[0]), Instant.now(clock));
      } catch (SigV4Check.Refused e) {
        throw new LoginRefused(400, "error making upstream request: received error code 403 from STS: "
            + e.getMessage());
      }
      String expectedRegion = expectedUrl.equals(STS_URL) ? "us-east-1"
          : URI.create(expectedUrl).getHost().split("\\.")[1];
      if (!signer.region.equals(expectedRegion)) {
        throw new LoginRefused(400, "error making upstream request: received error code 403 from STS:"
            + " SignatureDoesNotMatch: Credential should be scoped to a valid region, not '" + signer.region + "'");
      }
      String arn = awsKeys.get(signer.accessKeyId)[1];
      if (!role.boundTo.equals(canonicalArn(arn))) {
        throw new LoginRefused(403, "IAM Principal \"" + arn + "\" does not belong to the role \"" + roleName + "\"");
      }
      return role;
    }

    private String decode(Map<String, Object> body, String name, boolean base64) throws LoginRefused {
      Object value = body.get(name);
      if (!(value instanceof String)) {
        throw new LoginRefused(400, "missing " + name);
      }
      if (!base64) {
        return (String) value;
      }
      try {
        return new String(Base64.getDecoder().decode((String) value), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new LoginRefused(400, "error base64-decoding " + name);
      }
    }

    private Reply issue(String roleName, Role role, String mountPath) {
      byte[] raw = new byte[18];
      random.nextBytes(raw);
      String token = (role.batch ? "hvb." : "hvs.") + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      tokens.put(token, new Token(role.batch, role.policies));
      logins.incrementAndGet();
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
  }

  /** arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION is matched as arn:aws:iam::ACCOUNT:role/NAME, as Vault does. */
  static String canonicalArn(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length == 6 && parts[2].equals("sts") && parts[5].startsWith("assumed-role/")) {
      String[] name = parts[5].split("/");
      return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + name[1];
    }
    return arn;
  }

  private static final class LoginRefused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    LoginRefused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

}

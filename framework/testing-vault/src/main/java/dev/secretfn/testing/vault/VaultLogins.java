package dev.secretfn.testing.vault;

import dev.secretfn.testing.emulator.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The login checks of {@link VaultEmulator}'s {@code gcp} and {@code aws} auth methods, with the roles, trusted
 * Google signers and STS credentials they check against: a login either yields its {@link Role} or is refused
 * with Vault's status and message. Thread-safe.
 */
final class VaultLogins {
  private static final String GET_CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";

  private final Clock clock = Clock.systemUTC();
  private final Map<String, Role> gcpRoles = new ConcurrentHashMap<>();
  private final Map<String, Role> awsRoles = new ConcurrentHashMap<>();
  private final List<PublicKey> googleSigners = new CopyOnWriteArrayList<>();
  private final Map<String, String[]> awsKeys = new ConcurrentHashMap<>(); // akid -> {secret, arn}
  private volatile String iamServerId;
  private volatile String stsUrl = VaultEmulator.STS_URL;

  /** See {@link VaultEmulator#trustGoogleSigner}. */
  void trustGoogleSigner(PublicKey key) {
    googleSigners.add(Objects.requireNonNull(key, "key"));
  }

  /** See {@link VaultEmulator#gcpRole}. */
  void gcpRole(String role, String serviceAccount, boolean batchTokens, String... policies) {
    gcpRoles.put(role, new Role(serviceAccount, batchTokens, List.of(policies)));
  }

  /** See {@link VaultEmulator#awsCredentials}. */
  void awsCredentials(String accessKeyId, String secretAccessKey, String principalArn) {
    awsKeys.put(accessKeyId, new String[] {secretAccessKey, principalArn});
  }

  /** See {@link VaultEmulator#awsRole}. */
  void awsRole(String role, String principalArn, boolean batchTokens, String... policies) {
    awsRoles.put(role, new Role(principalArn, batchTokens, List.of(policies)));
  }

  /** See {@link VaultEmulator#requireIamServerId}. */
  void requireIamServerId(String value) {
    iamServerId = value;
  }

  /** See {@link VaultEmulator#stsEndpoint}. */
  void stsEndpoint(String url) {
    stsUrl = Objects.requireNonNull(url, "url");
  }

  /** Checks a login with {@code body} to {@code role} of auth method {@code method} ({@code gcp} or {@code aws}). */
  Role check(String method, String role, Map<String, Object> body) throws LoginRefused {
    return method.equals("gcp") ? gcpLogin(role, body) : awsLogin(role, body);
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
          || !signed.toLowerCase(Locale.ROOT).contains("x-vault-aws-iam-server-id")) {
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
    String expectedRegion = expectedUrl.equals(VaultEmulator.STS_URL) ? "us-east-1"
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

  /** arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION is matched as arn:aws:iam::ACCOUNT:role/NAME, as Vault does. */
  static String canonicalArn(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length == 6 && parts[2].equals("sts") && parts[5].startsWith("assumed-role/")) {
      String[] name = parts[5].split("/");
      return "arn:" + parts[1] + ":iam::" + parts[4] + ":role/" + name[1];
    }
    return arn;
  }

  /** What a role grants: the principal it is bound to, the token type and the policies. Immutable. */
  static final class Role {
    final String boundTo;
    final boolean batch;
    final List<String> policies;

    Role(String boundTo, boolean batch, List<String> policies) {
      this.boundTo = boundTo;
      this.batch = batch;
      this.policies = policies;
    }
  }

  /** A refused login, answered with {@link #status} and Vault's message. */
  static final class LoginRefused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    LoginRefused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}

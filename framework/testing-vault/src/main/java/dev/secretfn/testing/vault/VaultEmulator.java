package dev.secretfn.testing.vault;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

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

  private final VaultLogins logins = new VaultLogins();
  private final VaultApi api;
  private final HttpEmulator http;

  private VaultEmulator() {
    this.api = new VaultApi(logins, this::server); // the API reads the server only once it serves
    this.http = HttpEmulator.start("vault-emulator", api);
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
    api.mountKv(path, version);
  }

  /** Also enables an auth method ({@code gcp} or {@code aws}) at {@code path}. */
  public void enableAuth(String method, String path) {
    api.enableAuth(method, path);
  }

  /**
   * Writes {@code data} at {@code path} (mount included); on KV v2 as a new version, whose number is returned.
   * The values may be any JSON values, as real KV keeps them (strings, numbers, booleans, null, lists and maps
   * of these); they are served as {@link Json#write} writes them. A new KV v2 version (or a KV v1 overwrite)
   * rotates reads without {@code ?version=}: safe to call while the emulator serves, a read answers the old value
   * or the new one, whole.
   */
  public int put(String path, Map<String, ?> data) {
    return api.put(path, data);
  }

  /** Soft-deletes version {@code version} of a KV v2 secret: reads of it answer 404 with metadata, as Vault does. */
  public void deleteVersion(String path, int version) {
    api.deleteVersion(path, version);
  }

  /** A policy granting read on each path ({@code secret/data/app} or a prefix {@code secret/data/app/*}). */
  public void policy(String name, String... readPaths) {
    api.policy(name, readPaths);
  }

  /** Trusts identity tokens signed with {@code key} (a {@link MetadataServerEmulator#publicKey()}). */
  public void trustGoogleSigner(PublicKey key) {
    logins.trustGoogleSigner(key);
  }

  /** A gcp auth role bound to {@code serviceAccount}, issuing batch or service tokens with {@code policies}. */
  public void gcpRole(String role, String serviceAccount, boolean batchTokens, String... policies) {
    logins.gcpRole(role, serviceAccount, batchTokens, policies);
  }

  /** Registers credentials as STS knows them: the access key's secret and the principal it belongs to. */
  public void awsCredentials(String accessKeyId, String secretAccessKey, String principalArn) {
    logins.awsCredentials(accessKeyId, secretAccessKey, principalArn);
  }

  /** An aws auth role ({@code auth_type=iam}) bound to {@code principalArn} (e.g. an IAM role ARN). */
  public void awsRole(String role, String principalArn, boolean batchTokens, String... policies) {
    logins.awsRole(role, principalArn, batchTokens, policies);
  }

  /** Requires the signed {@code X-Vault-AWS-IAM-Server-ID} header with this value on aws logins. */
  public void requireIamServerId(String value) {
    logins.requireIamServerId(value);
  }

  /**
   * Expects aws logins signed for the STS endpoint {@code url} (e.g. {@code https://sts.eu-west-1.amazonaws.com/}),
   * as Vault's aws method configured with {@code sts_endpoint} does; the signature's region must be the
   * endpoint's. Default {@link #STS_URL}.
   */
  public void stsEndpoint(String url) {
    logins.stsEndpoint(url);
  }

  /** Seals or unseals: a sealed Vault answers every request 503 {@code Vault is sealed}. */
  public void seal(boolean sealed) {
    api.seal(sealed);
  }

  /** Logins that issued a token. */
  public int logins() {
    return api.logins();
  }

  /** Tokens revoked with revoke-self. */
  public int revocations() {
    return api.revocations();
  }

  /** Issued tokens that are neither revoked nor batch tokens (which expire on their own). */
  public int liveServiceTokens() {
    return api.liveServiceTokens();
  }

  @Override
  public void close() {
    http.close();
  }

  private HttpEmulator server() {
    return http;
  }
}

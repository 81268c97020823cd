package dev.secretfn.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.Component;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.vault.MetadataServerEmulator;
import dev.secretfn.testing.vault.VaultEmulator;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Vault source with the gcp login, through Dagger, against the Vault and metadata server emulators. */
class VaultSourceEmulatorTest {
  private static final String SA = "weather@demo-project.iam.gserviceaccount.com";

  @SecretDeclarations
  interface Secrets {
    @SecretVar("API_KEY") Secret apiKey();

    @SecretVar("DB_PASS") Optional<Secret> dbPass();
  }

  @Singleton
  @Component(modules = {VaultSourceEmulatorTest_SecretsModule.class, VaultModule.class, VaultGcpLoginModule.class,
      TestDeployment.class})
  interface Function {
    ResolvedSecrets secrets();

    @Component.Factory
    interface Factory {
      Function create(TestDeployment deployment);
    }
  }

  private final CanaryAudit audit = CanaryAudit.start();
  private MetadataServerEmulator metadata;
  private VaultEmulator vault;
  private String apiKey;
  private String dbPass;

  @BeforeEach
  void start() {
    apiKey = audit.canary("api key");
    dbPass = audit.canary("db password");
    metadata = MetadataServerEmulator.start(SA);
    vault = VaultEmulator.start();
    vault.mountKv("secret", 2);
    vault.mountKv("legacy", 1);
    vault.put("secret/apikeys/weather", Map.of("value", "old-" + apiKey));
    Map<String, String> current = new LinkedHashMap<>();
    current.put("value", apiKey);
    current.put("note", "rotated");
    vault.put("secret/apikeys/weather", current);
    vault.put("legacy/db", Map.of("password", dbPass));
    vault.policy("weather", "secret/data/apikeys/*", "legacy/db");
    vault.trustGoogleSigner(metadata.publicKey());
    vault.gcpRole("weather-fn", SA, true, "weather");
    vault.gcpRole("service-fn", SA, false, "weather");
  }

  @AfterEach
  void stop() {
    audit.close();
    vault.close();
    metadata.close();
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("VAULT_ADDR", vault.endpoint());
    env.put("GCE_METADATA_HOST", metadata.hostPort());
    env.put("VAULT_AUTH_ROLE", "weather-fn");
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        env.remove(pairs[i]);
      } else {
        env.put(pairs[i], pairs[i + 1]);
      }
    }
    return env;
  }

  private ResolvedSecrets resolve(Map<String, String> env) {
    return DaggerVaultSourceEmulatorTest_Function.factory().create(new TestDeployment(env)).secrets();
  }

  private Failure failsWith(Map<String, String> env, String variable) {
    try {
      resolve(env);
    } catch (SecretResolutionException e) {
      audit.assertAbsentFrom(e);
      assertThat(e.getMessage()).doesNotContain("eyJ"); // no JWT, not even its header
      return e.failures().stream().filter(f -> f.variable().equals(variable)).findFirst().orElseThrow();
    }
    throw new AssertionError("start-up succeeded but should have failed");
  }

  private List<String> paths() {
    return vault.requests().stream().map(r -> r.method() + " " + r.path() + (r.query().isEmpty() ? "" : "?" + r.query()))
        .collect(Collectors.toList());
  }

  @Test
  void resolve_kvV2AndV1Fields_logsInOnceAndLooksUpEachMountOnce() {
    ResolvedSecrets secrets = resolve(env("API_KEY", "vault://secret/apikeys/weather#value",
        "DB_PASS", "vault://legacy/db#password"));

    assertThat(secrets.get("API_KEY").revealString()).isEqualTo(apiKey);
    assertThat(secrets.get("DB_PASS").revealString()).isEqualTo(dbPass);
    assertThat(vault.logins()).isEqualTo(1);
    assertThat(paths()).containsExactlyInAnyOrder(
        "POST /v1/auth/gcp/login",
        "GET /v1/sys/internal/ui/mounts/secret/apikeys/weather",
        "GET /v1/sys/internal/ui/mounts/legacy/db",
        "GET /v1/secret/data/apikeys/weather",
        "GET /v1/legacy/db");
    RecordedRequest identity = metadata.requests().get(0);
    assertThat(identity.queryParameter("audience")).contains("http://vault/weather-fn");
    assertThat(identity.queryParameter("format")).contains("full");
    assertThat(identity.header("Metadata-Flavor")).contains("Google");
    // A batch token is left to expire: no revoke call.
    assertThat(vault.revocations()).isZero();
  }

  @Test
  void resolve_manySecretsAtOnce_waitForOneLoginAndOneLookupPerMount() {
    for (int i = 0; i < 6; i++) {
      vault.put("secret/apikeys/k" + i, Map.of("value", "v" + i));
    }
    vault.knobs().latency(java.time.Duration.ofMillis(40));

    ResolvedSecrets secrets = DaggerVaultSourceEmulatorTest_ManyFunction.factory()
        .create(new TestDeployment(env("K0", "vault://secret/apikeys/k0#value", "K1", "vault://secret/apikeys/k1#value",
            "K2", "vault://secret/apikeys/k2#value", "K3", "vault://secret/apikeys/k3#value",
            "K4", "vault://secret/apikeys/k4#value", "K5", "vault://secret/apikeys/k5#value"))).secrets();

    assertThat(secrets.get("K5").revealString()).isEqualTo("v5");
    assertThat(vault.logins()).isEqualTo(1);
    assertThat(metadata.requests()).hasSize(1);
    assertThat(paths().stream().filter(p -> p.contains("sys/internal/ui/mounts"))).hasSize(1);
  }

  @SecretDeclarations
  interface ManySecrets {
    @SecretVar("K0") Secret k0();

    @SecretVar("K1") Secret k1();

    @SecretVar("K2") Secret k2();

    @SecretVar("K3") Secret k3();

    @SecretVar("K4") Secret k4();

    @SecretVar("K5") Secret k5();
  }

  @Singleton
  @Component(modules = {VaultSourceEmulatorTest_ManySecretsModule.class, VaultModule.class,
      VaultGcpLoginModule.class, TestDeployment.class})
  interface ManyFunction {
    ResolvedSecrets secrets();

    @Component.Factory
    interface Factory {
      ManyFunction create(TestDeployment deployment);
    }
  }

  @Test
  void resolve_wholeSecretWithoutField_isTheKvDataObjectAsJson() {
    ResolvedSecrets secrets = resolve(env("API_KEY", "vault://secret/apikeys/weather"));

    assertThat(secrets.get("API_KEY").revealString())
        .isEqualTo("{\"value\":\"" + apiKey + "\",\"note\":\"rotated\"}");
  }

  @Test
  void resolve_versionPin_readsThatVersion() {
    ResolvedSecrets secrets = resolve(env("API_KEY", "vault://secret/apikeys/weather?version=1#value"));

    assertThat(secrets.get("API_KEY").revealString()).isEqualTo("old-" + apiKey);
    assertThat(paths()).contains("GET /v1/secret/data/apikeys/weather?version=1");
  }

  @Test
  void resolve_serviceToken_isRevokedAfterStartUp() {
    resolve(env("VAULT_AUTH_ROLE", "service-fn", "API_KEY", "vault://secret/apikeys/weather#value"));

    assertThat(vault.revocations()).isEqualTo(1);
    assertThat(vault.liveServiceTokens()).isZero();
    assertThat(paths().get(paths().size() - 1)).isEqualTo("POST /v1/auth/token/revoke-self");
  }

  @Test
  void resolve_serviceTokenAndFailure_isRevokedToo() {
    failsWith(env("VAULT_AUTH_ROLE", "service-fn", "API_KEY", "vault://secret/apikeys/none#value"), "API_KEY");

    assertThat(vault.liveServiceTokens()).isZero();
  }

  @Test
  void resolve_pathOutsidePolicy_failsPermanentlyNamingPathAndRole() {
    vault.put("secret/other", Map.of("value", "x"));

    Failure failure = failsWith(env("API_KEY", "vault://secret/other#value"), "API_KEY");

    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.reference()).contains("vault://secret/other#value");
    assertThat(failure.cause()).contains("Vault answered 403 for secret/data/other: permission denied");
    assertThat(failure.hint()).hasValueSatisfying(h -> assertThat(h)
        .contains("path \"secret/data/other\" { capabilities = [\"read\"] }").contains("role 'weather-fn'"));
  }

  @Test
  void resolve_deniedByKnob_failsWith403() {
    vault.knobs().deny("secret/data/apikeys/weather");

    Failure failure = failsWith(env("API_KEY", "vault://secret/apikeys/weather#value"), "API_KEY");

    assertThat(failure.cause()).startsWith("Vault answered 403 for secret/data/apikeys/weather: permission denied");
  }

  @Test
  void resolve_mountOutsideEveryPolicy_failsAtTheLookupWithAHint() {
    vault.mountKv("private", 2);
    vault.put("private/x", Map.of("value", "x"));

    Failure failure = failsWith(env("API_KEY", "vault://private/x#value"), "API_KEY");

    assertThat(failure.cause()).startsWith("Vault answered 403 when asked for the KV mount of private/x");
    assertThat(failure.hint()).hasValueSatisfying(h -> assertThat(h).contains("VAULT_KV_VERSION"));
  }

  @Test
  void resolve_missingPath_failsWith404NamingThePath() {
    Failure failure = failsWith(env("API_KEY", "vault://secret/apikeys/nothing#value"), "API_KEY");

    assertThat(failure.cause()).startsWith("Vault answered 404 for secret/data/apikeys/nothing");
    assertThat(failure.isRetryable()).isFalse();
  }

  @Test
  void resolve_deletedVersion_failsAsNotFound() {
    vault.deleteVersion("secret/apikeys/weather", 1);

    Failure failure = failsWith(env("API_KEY", "vault://secret/apikeys/weather?version=1#value"), "API_KEY");

    assertThat(failure.cause()).contains("404").contains("deleted");
  }

  @Test
  void resolve_sealedVault_saysSoWithoutRetrying() {
    vault.seal(true);

    Failure failure = failsWith(env("API_KEY", "vault://secret/apikeys/weather#value"), "API_KEY");

    assertThat(failure.cause()).startsWith("Vault is sealed");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.hint()).hasValueSatisfying(h -> assertThat(h).contains("unseal"));
    assertThat(vault.requests()).hasSize(1);
  }

  @Test
  void resolve_wrongRole_failsEverySecretAfterOneLoginNamingMountAndRole() {
    Failure failure = failsWith(env("VAULT_AUTH_ROLE", "nobody", "API_KEY", "vault://secret/apikeys/weather#value",
        "DB_PASS", "vault://legacy/db#password"), "DB_PASS");

    assertThat(failure.cause()).isEqualTo("Vault login at auth/gcp/login with role 'nobody' answered 400: invalid"
        + " role name \"nobody\"");
    assertThat(failure.hint()).hasValueSatisfying(h -> assertThat(h).contains("bound_service_accounts"));
    assertThat(vault.requests()).hasSize(1);
  }

  @Test
  void resolve_untrustedIdentityToken_failsAtLogin() {
    try (MetadataServerEmulator impostor = MetadataServerEmulator.start(SA)) {
      Failure failure = failsWith(env("GCE_METADATA_HOST", impostor.hostPort(),
          "API_KEY", "vault://secret/apikeys/weather#value"), "API_KEY");

      assertThat(failure.cause()).contains("answered 400: unable to verify JWT");
    }
  }

  @Test
  void resolve_standbyAnswersAndResets_areRetried() {
    vault.knobs().failNext(1, 503);
    vault.knobs().resetNext(1);
    vault.knobs().failNext(1, 429);

    ResolvedSecrets secrets = resolve(env("API_KEY", "vault://secret/apikeys/weather#value"));

    assertThat(secrets.get("API_KEY").revealString()).isEqualTo(apiKey);
  }

  @Test
  void resolve_versionPinOnKvV1_failsClearly() {
    Failure failure = failsWith(env("DB_PASS", "vault://legacy/db?version=2#password", "API_KEY",
        "vault://secret/apikeys/weather#value"), "DB_PASS");

    assertThat(failure.cause()).contains("is KV version 1, which has no versions");
  }

  @Test
  void resolve_configuredKvVersionAndNamespace_skipsLookupAndSendsHeader() {
    resolve(env("VAULT_KV_VERSION", "2", "VAULT_NAMESPACE", "team-a", "API_KEY",
        "vault://secret/apikeys/weather#value"));

    assertThat(paths()).containsExactly("POST /v1/auth/gcp/login", "GET /v1/secret/data/apikeys/weather");
    assertThat(vault.requests()).allSatisfy(r -> assertThat(r.header("X-Vault-Namespace")).contains("team-a"));
  }

  @Test
  void resolve_tokenHeader_isSentButNeverLoggedOrPrinted() {
    ResolvedSecrets secrets = resolve(env("API_KEY", "vault://secret/apikeys/weather#value"));

    String token = vault.requests().get(1).header("X-Vault-Token").orElseThrow();
    assertThat(token).startsWith("hvb.");
    audit.forbid(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    audit.assertAbsentFrom(secrets, secrets.get("API_KEY"));
  }

  @Test
  void resolve_configurationErrors_failAtSourceSetupNamingTheVariable() {
    Failure noAddress = failsWith(env("VAULT_ADDR", null, "API_KEY", "vault://secret/a/b"), "API_KEY");
    Failure clearText = failsWith(env("VAULT_ADDR", "http://vault.example.com:8200", "API_KEY", "vault://secret/a/b"),
        "API_KEY");
    Failure noRole = failsWith(env("VAULT_AUTH_ROLE", null, "API_KEY", "vault://secret/a/b"), "API_KEY");
    Failure otherCloud = failsWith(env("VAULT_AUTH_PROVIDER", "aws", "API_KEY", "vault://secret/a/b"), "API_KEY");

    assertThat(noAddress.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(noAddress.cause()).startsWith("VAULT_ADDR is not set");
    assertThat(clearText.cause()).startsWith("VAULT_ADDR must be https://");
    assertThat(noRole.cause()).startsWith("VAULT_AUTH_ROLE is not set");
    assertThat(otherCloud.cause()).contains("VAULT_AUTH_PROVIDER says 'aws' but the component binds the gcp login");
    assertThat(vault.requests()).isEmpty();
  }

  @Test
  void resolve_customAuthMount_logsInThere() {
    vault.enableAuth("gcp", "gcp-functions");

    resolve(env("VAULT_AUTH_MOUNT", "gcp-functions", "API_KEY", "vault://secret/apikeys/weather#value"));

    assertThat(paths().get(0)).isEqualTo("POST /v1/auth/gcp-functions/login");
  }
}

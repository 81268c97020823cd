package dev.secretfn.vault.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretVar;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.vault.VaultEmulator;
import dev.secretfn.vault.VaultModule;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The Vault source with the aws login signed by the SDK's signer, against the Vault emulator's STS check. */
class VaultAwsLoginEmulatorTest {
  private static final String ROLE_ARN = "arn:aws:iam::111122223333:role/weather-fn";
  private static final String CALLER = "arn:aws:sts::111122223333:assumed-role/weather-fn/weather-api";
  private static final String AKID = "ASIAEMULATOREXAMPLE1";
  private static final String SECRET_KEY = "emulator/secret/access/key/EXAMPLEKEY01";
  private static final String SESSION_TOKEN = "emulator-session-token";

  @SecretDeclarations
  interface Secrets {
    @SecretVar("API_KEY") Secret apiKey();
  }

  @Module
  static final class Deployment {
    private final Map<String, String> env;
    private final String secretKey;

    Deployment(Map<String, String> env, String secretKey) {
      this.env = env;
      this.secretKey = secretKey;
    }

    @Provides
    Environment environment() {
      return Environment.of(env);
    }

    @Provides
    ResolverSettings resolverSettings() {
      return ResolverSettings.builder().deadline(Duration.ofSeconds(3)).initialBackoff(Duration.ofMillis(5))
          .maxBackoff(Duration.ofMillis(20)).build();
    }

    @Provides
    AwsCredentialsProvider credentials() {
      return StaticCredentialsProvider.create(AwsSessionCredentials.create(AKID, secretKey, SESSION_TOKEN));
    }
  }

  @Singleton
  @Component(modules = {VaultAwsLoginEmulatorTest_SecretsModule.class, VaultModule.class, VaultAwsLoginModule.class,
      Deployment.class})
  interface Function {
    ResolvedSecrets secrets();
  }

  private final CanaryAudit audit = CanaryAudit.start();
  private VaultEmulator vault;
  private String apiKey;

  @BeforeEach
  void start() {
    apiKey = audit.canary("api key");
    vault = VaultEmulator.start();
    vault.mountKv("secret", 2);
    vault.put("secret/weather", Map.of("value", apiKey));
    vault.policy("weather", "secret/data/weather");
    vault.awsCredentials(AKID, SECRET_KEY, CALLER);
    vault.awsRole("weather-fn", ROLE_ARN, true, "weather");
    vault.awsRole("other-fn", "arn:aws:iam::111122223333:role/other-fn", true, "weather");
  }

  @AfterEach
  void stop() {
    audit.close();
    vault.close();
  }

  private Map<String, String> env(String... pairs) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("VAULT_ADDR", vault.endpoint());
    env.put("VAULT_AUTH_ROLE", "weather-fn");
    env.put("VAULT_AUTH_PROVIDER", "aws");
    env.put("API_KEY", "vault://secret/weather#value");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private ResolvedSecrets resolve(Map<String, String> env, String secretKey) {
    return DaggerVaultAwsLoginEmulatorTest_Function.builder().deployment(new Deployment(env, secretKey)).build()
        .secrets();
  }

  private Failure fails(Map<String, String> env, String secretKey) {
    try {
      resolve(env, secretKey);
    } catch (SecretResolutionException e) {
      audit.assertAbsentFrom(e);
      assertThat(e.getMessage()).doesNotContain(SESSION_TOKEN).doesNotContain("Signature=");
      return e.failures().get(0);
    }
    throw new AssertionError("start-up succeeded but should have failed");
  }

  @Test
  void resolve_signedGetCallerIdentity_logsInAndReads() throws Exception {
    ResolvedSecrets secrets = resolve(env(), SECRET_KEY);

    assertThat(secrets.get("API_KEY").revealString()).isEqualTo(apiKey);
    Map<String, Object> login = Json.parseObject(vault.requests().get(0).bodyUtf8());
    assertThat(login.get("role")).isEqualTo("weather-fn");
    assertThat(login.get("iam_http_request_method")).isEqualTo("POST");
    assertThat(decode(login.get("iam_request_url"))).isEqualTo("https://sts.amazonaws.com/");
    assertThat(decode(login.get("iam_request_body"))).isEqualTo("Action=GetCallerIdentity&Version=2011-06-15");
    Map<String, Object> headers = Json.parseObject(decode(login.get("iam_request_headers")));
    assertThat(headers.get("X-Amz-Security-Token")).isEqualTo(List.of(SESSION_TOKEN));
    assertThat(headers.get("Authorization").toString()).contains("/us-east-1/sts/aws4_request");
  }

  @Test
  void resolve_serverIdRequired_isSentSigned() {
    vault.requireIamServerId("vault.example.com");

    resolve(env("VAULT_IAM_SERVER_ID", "vault.example.com"), SECRET_KEY);
    Failure missing = fails(env(), SECRET_KEY);

    assertThat(missing.cause()).contains("X-Vault-AWS-IAM-Server-ID");
  }

  @Test
  void resolve_wrongSecretKey_failsAtLoginWithStsError() {
    Failure failure = fails(env(), "not-the-secret-key");

    assertThat(failure.cause()).startsWith("Vault login at auth/aws/login with role 'weather-fn' answered 400")
        .contains("SignatureDoesNotMatch");
    assertThat(failure.hint()).hasValueSatisfying(h -> assertThat(h).contains("bound_iam_principal_arn"));
  }

  @Test
  void resolve_roleBoundToAnotherPrincipal_isRefused() {
    Failure failure = fails(env("VAULT_AUTH_ROLE", "other-fn"), SECRET_KEY);

    assertThat(failure.cause()).contains("answered 403").contains("does not belong to the role");
  }

  @Test
  void resolve_regionalStsEndpoint_signsForThatRegion() throws Exception {
    vault.stsEndpoint("https://sts.eu-west-1.amazonaws.com/");

    Failure global = fails(env(), SECRET_KEY);
    resolve(env("VAULT_STS_ENDPOINT_REGION", "eu-west-1"), SECRET_KEY);
    resolve(env("AWS_STS_REGIONAL_ENDPOINTS", "regional", "AWS_REGION", "eu-west-1"), SECRET_KEY);

    assertThat(global.cause()).contains("must be a POST").contains("sts.eu-west-1");
    List<dev.secretfn.testing.emulator.RecordedRequest> logins = vault.requests().stream()
        .filter(r -> r.path().endsWith("/login")).collect(java.util.stream.Collectors.toList());
    Map<String, Object> login = Json.parseObject(logins.get(1).bodyUtf8());
    assertThat(decode(login.get("iam_request_url"))).isEqualTo("https://sts.eu-west-1.amazonaws.com/");
  }

  @Test
  void resolve_stsRegionNotARegion_failsAtSetup() {
    Failure failure = fails(env("VAULT_STS_ENDPOINT_REGION", "sts.example.com"), SECRET_KEY);

    assertThat(failure.step()).isEqualTo(dev.secretfn.Step.SOURCE_SETUP);
    assertThat(failure.cause()).startsWith("VAULT_STS_ENDPOINT_REGION (or AWS_REGION) is not an AWS region");
  }

  private static String decode(Object base64) {
    return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
  }
}

package dev.secretfn.samples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.ReportedError;
import dev.secretfn.testing.vault.VaultEmulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link VaultApiGatewayFunction} on the real runtime interface client: it signs a GetCallerIdentity request with
 * the execution role's (emulated) credentials, logs in to the Vault emulator, which checks the signature as STS
 * would, reads the API key and calls the upstream; a role bound to another principal fails INIT.
 */
class LambdaVaultIT {
  private static final String HANDLER = VaultApiGatewayFunction.class.getName();
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String API_KEY = "canary-vault-api-key-" + UUID.randomUUID();
  private static final String ACCESS_KEY = "ASIAVAULTITEXAMPLE01";
  private static final String SECRET_KEY = "vault-it/secret/access/key/" + UUID.randomUUID();
  private static final String ROLE_ARN = "arn:aws:iam::111122223333:role/weather-api";
  private static final String API_EVENT =
      "{\"resource\":\"/weather\",\"path\":\"/weather\",\"httpMethod\":\"GET\","
          + "\"queryStringParameters\":{\"city\":\"Bern\"},\"headers\":{\"Accept\":\"application/json\"}}";

  private static VaultEmulator vault;
  private static UpstreamStub upstream;
  private static Path functionJar;

  @BeforeAll
  static void startEmulators() throws IOException {
    vault = VaultEmulator.start();
    vault.mountKv("secret", 2);
    vault.put("secret/weather", Map.of("value", API_KEY));
    vault.policy("weather", "secret/data/weather");
    vault.awsCredentials(ACCESS_KEY, SECRET_KEY, "arn:aws:sts::111122223333:assumed-role/weather-api/"
        + LambdaRuntimeEmulator.FUNCTION_NAME);
    vault.awsRole("weather-api", ROLE_ARN, true, "weather");
    vault.awsRole("orders-api", "arn:aws:iam::111122223333:role/orders-api", true, "weather");
    vault.requireIamServerId("vault.secretfn.test");
    upstream = UpstreamStub.start("unused-user", "unused-pass-" + UUID.randomUUID(), API_KEY);
    functionJar = FunctionJars.forHandler(HANDLER);
  }

  @AfterAll
  static void stopEmulators() {
    vault.close();
    upstream.close();
  }

  private static Map<String, String> environment(LambdaRuntimeEmulator lambda, String role) {
    Map<String, String> env = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, HANDLER));
    // As Lambda sets them for the execution role.
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    env.put("AWS_SESSION_TOKEN", "vault-it-session-token");
    env.put("VAULT_ADDR", vault.endpoint());
    env.put("VAULT_AUTH_PROVIDER", "aws");
    env.put("VAULT_AUTH_ROLE", role);
    env.put("VAULT_IAM_SERVER_ID", "vault.secretfn.test");
    env.put("UPSTREAM_URL", upstream.url().toString());
    env.put("API_KEY", "vault://secret/weather#value");
    return env;
  }

  @Test
  void vaultApiGatewayFunction_apiKeyInVault_answersWithTheUpstreamForecast() throws Exception {
    int loginsBefore = vault.logins();
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "api-vault", HANDLER, environment(lambda, "weather-api"), functionJar)) {
      Invocation first = lambda.invoke(API_EVENT, WAIT);
      Invocation second = lambda.invoke(API_EVENT, WAIT);

      assertThat(first.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
      assertThat(first.body()).contains("\"statusCode\":200")
          .contains("\\\"city\\\":\\\"Bern\\\",\\\"forecast\\\":\\\"sunny\\\"");
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(vault.logins() - loginsBefore).as("one login at INIT, none per invocation").isEqualTo(1);
      assertThat(function.output()).doesNotContain(API_KEY).doesNotContain("hvb.").doesNotContain(SECRET_KEY);
    }
  }

  @Test
  void vaultApiGatewayFunction_roleBoundToAnotherPrincipal_reportsAnInitError() throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
        LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment(
            "api-vault-init-error", HANDLER, environment(lambda, "orders-api"), functionJar)) {
      ReportedError error = lambda.awaitInitError(WAIT).orElseThrow(() ->
          new AssertionError("no init error:\n" + function.output()));

      assertThat(error.errorType()).hasValue("dev.secretfn.SecretResolutionException");
      assertThat(error.errorMessage()).get().asString()
          .contains("secretfn could not resolve 1 of 1 secret")
          .contains("API_KEY = vault://secret/weather#value: FETCH failed: Vault login at auth/aws/login with role"
              + " 'orders-api' answered 403")
          .contains("bound_iam_principal_arn")
          .doesNotContain(API_KEY)
          .doesNotContain("Signature=");
      assertThat(function.awaitExit(30_000)).isNotZero();
    }
  }
}

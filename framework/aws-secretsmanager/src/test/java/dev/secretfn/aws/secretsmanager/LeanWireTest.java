package dev.secretfn.aws.secretsmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolver;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the lean transport sends, as the Secrets Manager emulator receives it (the AWS JSON 1.1 request, its body,
 * a SigV4 signature the emulator verifies independently), and how it reads the answers: text and binary secrets,
 * fields, versions and staging labels through a rotation, the ARN's region.
 */
class LeanWireTest {
  private static final String DB_SECRET = "{\"username\":\"app\",\"password\":\"pa\\u00dfword\",\"host\":\"db\"}";

  private SecretsManagerEmulator sm;

  @BeforeEach
  void start() {
    sm = SecretsManagerEmulator.start();
    sm.requireSignatures(LeanSm.EMULATOR_KEY, LeanSm.EMULATOR_KEY);
  }

  @AfterEach
  void stop() {
    sm.close();
  }

  private LeanSm store() {
    return new LeanSm(LeanSm.emulator(sm.endpoint()));
  }

  private RecordedRequest onlyRequest() {
    assertThat(sm.requests()).hasSize(1);
    return sm.requests().get(0);
  }

  private static String value(ResolvedSecrets secrets) {
    return secrets.get("SECRET").revealString();
  }

  @Test
  void getSecretValue_postsTheJson11CallSignedForSecretsManagerInTheRegion() {
    sm.createSecret("prod/db", DB_SECRET);

    assertThat(value(store().resolve("aws-sm://prod/db#password"))).isEqualTo("pa\u00dfword");

    RecordedRequest request = onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.query()).isEmpty();
    assertThat(request.header("X-Amz-Target")).hasValue("secretsmanager.GetSecretValue");
    assertThat(request.header("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(request.bodyUtf8()).isEqualTo("{\"SecretId\":\"prod/db\"}");
    String amzDate = request.header("X-Amz-Date").orElseThrow();
    assertThat(request.header("Authorization")).get().asString().startsWith("AWS4-HMAC-SHA256 Credential="
        + "secretfn-emulator/" + amzDate.substring(0, 8) + "/us-east-1/secretsmanager/aws4_request, SignedHeaders=")
        .contains("content-type", "host", "x-amz-date", "x-amz-target");
  }

  @Test
  void getSecretValue_twoFieldsOfOneSecret_makeOneCall() {
    sm.createSecret("prod/db", DB_SECRET);
    SecretsManagerContractComponent store = SecretsManagerContractComponent.of(LeanSm.emulator(sm.endpoint()));

    ResolvedSecrets secrets = SecretResolver.create(store.syntaxes(), store.sources(), LeanSm.ONE_ATTEMPT)
        .resolve(List.of(SecretDeclaration.required("USER"), SecretDeclaration.required("PASS")), Environment.of(
            Map.of("USER", "aws-sm://prod/db#username", "PASS", "aws-sm://prod/db#password")));

    assertThat(secrets.get("USER").revealString()).isEqualTo("app");
    assertThat(secrets.get("PASS").revealString()).isEqualTo("pa\u00dfword");
    assertThat(sm.requests()).hasSize(1);
  }

  @Test
  void getSecretValue_binarySecret_isTheDecodedBytes() {
    byte[] bytes = {0, (byte) 0xff, (byte) 0xc0, 0x7f, '\n'};
    sm.createBinarySecret("tls/key", bytes);

    ResolvedSecrets secrets = store().resolve("aws-sm://tls/key");

    assertThat(secrets.get("SECRET").revealBytes()).isEqualTo(bytes);
  }

  @Test
  void getSecretValue_versionIdAndStage_areSentAndSelectTheirVersion() {
    sm.createSecret("app/key", "one");
    String first = sm.versionWithLabel("app/key", SecretsManagerEmulator.CURRENT).orElseThrow();
    sm.putSecretValue("app/key", "two");

    assertThat(value(store().resolve("aws-sm://app/key?versionId=" + first))).isEqualTo("one");
    assertThat(sm.requests().get(0).bodyUtf8()).isEqualTo("{\"SecretId\":\"app/key\",\"VersionId\":\"" + first
        + "\"}");
    assertThat(value(store().resolve("aws-sm://app/key?versionStage=AWSPREVIOUS"))).isEqualTo("one");
    assertThat(sm.requests().get(1).bodyUtf8())
        .isEqualTo("{\"SecretId\":\"app/key\",\"VersionStage\":\"AWSPREVIOUS\"}");
    assertThat(value(store().resolve("aws-sm://app/key"))).isEqualTo("two");
  }

  @Test
  void getSecretValue_acrossARotation_followsAwsCurrentAndPendingLabels() {
    sm.createSecret("app/key", "old");
    String next = sm.putSecretValue("app/key", "new", SecretsManagerEmulator.PENDING);

    assertThat(value(store().resolve("aws-sm://app/key"))).isEqualTo("old");
    assertThat(value(store().resolve("aws-sm://app/key?versionStage=AWSPENDING"))).isEqualTo("new");

    sm.moveLabel("app/key", SecretsManagerEmulator.CURRENT, next);

    assertThat(value(store().resolve("aws-sm://app/key"))).isEqualTo("new");
    assertThat(value(store().resolve("aws-sm://app/key?versionStage=AWSPREVIOUS"))).isEqualTo("old");
  }

  @Test
  void getSecretValue_arnOfAnotherRegion_isSignedForThatRegionEvenWithoutAwsRegion() {
    try (SecretsManagerEmulator ireland = SecretsManagerEmulator.start("eu-west-1")) {
      ireland.requireSignatures(LeanSm.EMULATOR_KEY, LeanSm.EMULATOR_KEY);
      String arn = ireland.createSecret("prod/db", DB_SECRET);
      Map<String, String> variables = new LinkedHashMap<>(LeanSm.emulator(ireland.endpoint()));
      variables.remove("AWS_REGION");

      assertThat(value(new LeanSm(variables).resolve("aws-sm://" + arn + "#host"))).isEqualTo("db");
      assertThat(ireland.requests().get(0).header("Authorization")).get().asString()
          .contains("/eu-west-1/secretsmanager/aws4_request");
      assertThat(ireland.requests().get(0).bodyUtf8()).isEqualTo("{\"SecretId\":\"" + arn + "\"}");
    }
  }

  @Test
  void getSecretValue_nameWithAwsRegionOfAnotherEmulator_isRefusedByItsSignatureScope() {
    sm.createSecret("prod/db", DB_SECRET);
    Map<String, String> variables = new LinkedHashMap<>(LeanSm.emulator(sm.endpoint()));
    variables.put("AWS_REGION", "eu-west-1");

    Failure failure = new LeanSm(variables).failure("aws-sm://prod/db");

    assertThat(failure.cause()).isEqualTo("AWS Secrets Manager answered 400 InvalidSignatureException for"
        + " aws-sm://prod/db in eu-west-1");
  }

  @Test
  void getSecretValue_nameWithoutAwsRegion_failsAtSetUpWithoutCalling() {
    Map<String, String> variables = new LinkedHashMap<>(LeanSm.emulator(sm.endpoint()));
    variables.remove("AWS_REGION");

    Failure failure = new LeanSm(variables).failure("aws-sm://prod/db");

    assertThat(failure.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(failure.cause()).startsWith("AWS_REGION is not set");
    assertThat(sm.requests()).isEmpty();
  }

  @Test
  void getSecretValue_plainHttpEndpointVariable_failsAtSetUpNamingIt() {
    Failure failure = new LeanSm(LeanSm.variables(Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER",
        "http://sm.example.com"))).failure("aws-sm://prod/db");

    assertThat(failure.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(failure.cause())
        .startsWith("AWS_ENDPOINT_URL_SECRETS_MANAGER names a plain http:// endpoint on sm.example.com");
    assertThat(failure.isRetryable()).isFalse();
  }

  @Test
  void getSecretValue_valueOverTheLimit_failsAtDecodeWithoutRetry() {
    sm.createSecret("big", "x".repeat(2048));

    Failure failure = new LeanSm(LeanSm.emulator(sm.endpoint()), AwsSettings.builder().maxObjectBytes(1024).build())
        .failure("aws-sm://big");

    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).isEqualTo("the value of aws-sm://big is larger than the 1024-byte limit");
    assertThat(failure.isRetryable()).isFalse();
  }

  @Test
  void getSecretValue_valueOnlyInTheAnswer_neverInMessagesOrLogs() {
    try (CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn")) {
      String canary = audit.canary("sm");
      sm.createSecret("prod/db", "{\"password\":\"" + canary + "\"}");
      LeanSm store = store();

      assertThat(value(store.resolve("aws-sm://prod/db#password"))).isEqualTo(canary);
      Failure missing = store.failure("aws-sm://prod/db#nope");
      audit.assertAbsentFrom(store.source(), missing, missing.cause());
    }
  }

  @Test
  void getSecretValue_emulatorOverride_isLoggedOnceWhenTheTransportIsBuilt() {
    sm.createSecret("a", "1");
    try (CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn")) {
      LeanSm store = store();
      assertThat(audit.logged("AWS Secrets Manager endpoint overridden")).isZero();

      store.resolve("aws-sm://a");
      store.resolve("aws-sm://a");

      assertThat(audit.logged("secretfn: AWS Secrets Manager endpoint overridden to " + sm.endpoint()
          + " (local emulator; dummy credentials)")).isEqualTo(1);
    }
  }

  @Test
  void prime_sendsOneUnsignedCall_thenTheFetchIsSigned() throws Exception {
    sm.createSecret("a", "v");
    LeanSm store = store();

    store.source().prime(Duration.ofSeconds(5));
    assertThat(value(store.resolve("aws-sm://a"))).isEqualTo("v");

    assertThat(sm.requests()).hasSize(2);
    assertThat(sm.requests().get(0).header("Authorization")).isEmpty();
    assertThat(sm.requests().get(0).bodyUtf8()).isEqualTo("{\"SecretId\":\"secretfn-priming\"}");
    assertThat(sm.requests().get(1).header("Authorization")).isPresent();
  }

  @Test
  void pinned_onlyWithAVersionId() {
    assertThat(SecretsManagerSecret.of("a").pinned()).isFalse();
    assertThat(new SecretsManagerSecret("a", Optional.empty(), Optional.of("AWSCURRENT"), Optional.empty())
        .pinned()).isFalse();
    assertThat(new SecretsManagerSecret("a", Optional.of("x".repeat(32)), Optional.empty(), Optional.empty())
        .pinned()).isTrue();
  }

  @Test
  void refreshable_onlyWithoutAVersionId() {
    assertThat(SecretsManagerSecret.of("a").refreshable()).isTrue();
    assertThat(new SecretsManagerSecret("a", Optional.empty(), Optional.of("AWSPREVIOUS"), Optional.empty())
        .refreshable()).isTrue();
    assertThat(new SecretsManagerSecret("a", Optional.of("x".repeat(32)), Optional.empty(), Optional.empty())
        .refreshable()).isFalse();
  }
}

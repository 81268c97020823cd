package dev.secretfn.aws;

import static dev.secretfn.aws.AwsTestbed.FUNCTION_NAME;
import static dev.secretfn.aws.AwsTestbed.jsonBody;
import static dev.secretfn.stores.SourceTestbed.onlyFailure;
import static dev.secretfn.stores.SourceTestbed.startupFails;
import static org.assertj.core.api.Assertions.assertThat;

import dagger.Component;
import dev.secretfn.Encrypted;
import dev.secretfn.Kms;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.emulator.RecordedRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AWS KMS source on its default (lean) transport, against the emulator, as a function uses it. */
class AwsKmsSourceEmulatorTest {
  /** The console's variable (bare ciphertext or reference) and an optional second one. */
  @SecretDeclarations
  interface Secrets {
    @SecretVar("DB_PASS") @Encrypted(Kms.AWS) Secret dbPass();

    @SecretVar("API_TOKEN") Optional<Secret> apiToken();
  }

  /** The user's handler: constructor injection of the plaintexts. */
  static final class Handler {
    final Secret dbPass;
    final Optional<Secret> apiToken;

    @Inject
    Handler(@SecretVar("DB_PASS") Secret dbPass, @SecretVar("API_TOKEN") Optional<Secret> apiToken) {
      this.dbPass = dbPass;
      this.apiToken = apiToken;
    }
  }

  @Singleton
  @Component(modules = {AwsKmsSourceEmulatorTest_SecretsModule.class, AwsKmsModule.class, TestDeployment.class})
  interface Function extends TestComponent {
    Handler handler();

    @Component.Factory
    interface Factory {
      Function create(TestDeployment deployment);
    }
  }

  /** A function that reads bucket secrets only, with both AWS sources bound. */
  @SecretDeclarations
  interface BucketSecrets {
    @SecretVar("CONFIG") Secret config();
  }

  @Singleton
  @Component(modules = {AwsKmsSourceEmulatorTest_BucketSecretsModule.class, AwsKmsModule.class, S3Module.class,
      TestDeployment.class})
  interface BucketFunction extends TestComponent {
    @Component.Factory
    interface Factory {
      BucketFunction create(TestDeployment deployment);
    }
  }

  private AwsTestbed testbed;

  @BeforeEach
  void start() {
    testbed = new AwsTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
  }

  private Function function(Map<String, String> references) {
    return function(references, AwsSettings.defaults());
  }

  private Function function(Map<String, String> references, AwsSettings settings) {
    return testbed.track(DaggerAwsKmsSourceEmulatorTest_Function.factory()
        .create(testbed.deployment(references, settings)));
  }

  private static String reference(String key, String ciphertext) {
    return "aws-kms://" + key + "?ciphertext=" + ciphertext;
  }

  /** A function whose ciphertext was made with {@code context} and whose settings name {@code setting}. */
  private Function functionWithContext(String password, Map<String, String> context, EncryptionContext setting) {
    return function(Map.of("DB_PASS", testbed.encrypt(testbed.key, password, context)),
        AwsSettings.builder().encryptionContext(setting).build());
  }

  @Test
  void resolve_consoleFormWithDefaultContext_injectsPlaintextAndSendsFunctionNameWithoutKeyId() {
    String password = testbed.canary("db-pass");
    Function function = function(Map.of("DB_PASS", testbed.encryptForFunction(testbed.key, password)));

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(handler.apiToken).isEmpty();
    assertThat(testbed.decrypts()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("POST");
      Map<String, Object> body = jsonBody(r);
      assertThat(body.get("EncryptionContext")).isEqualTo(Map.of("LambdaFunctionName", FUNCTION_NAME));
      assertThat(body).doesNotContainKey("KeyId");
    });
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets(), function.sources());
  }

  @Test
  void resolve_referenceWithKey_sendsThatKeyId() {
    String password = testbed.canary("db-pass");
    String token = testbed.canary("api-token");
    Function function = function(Map.of(
        "DB_PASS", reference(testbed.key, testbed.encryptForFunction(testbed.key, password)),
        "API_TOKEN", reference(testbed.otherKey, testbed.encryptForFunction(testbed.otherKey, token))));

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(handler.apiToken).get().extracting(Secret::revealString).isEqualTo(token);
    assertThat(testbed.decrypts()).extracting(r -> jsonBody(r).get("KeyId"))
        .containsExactlyInAnyOrder(testbed.key, testbed.otherKey);
    testbed.assertNoCanaryIn(handler.dbPass, handler.apiToken, function.secrets());
  }

  @Test
  void resolve_referenceWithoutKey_sendsNoKeyId() {
    String password = testbed.canary("db-pass");
    Function function = function(Map.of(
        "DB_PASS", "aws-kms://?ciphertext=" + testbed.encryptForFunction(testbed.key, password)));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.decrypts()).singleElement().satisfies(r -> assertThat(jsonBody(r)).doesNotContainKey("KeyId"));
  }

  @Test
  void resolve_explicitFunctionName_sendsExactlyThatContext() {
    String password = testbed.canary("db-pass");
    Map<String, String> context = Map.of("LambdaFunctionName", "OrdersFunction");
    Function function = functionWithContext(password, context,
        EncryptionContext.lambdaFunctionName("OrdersFunction"));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.decrypts()).singleElement()
        .satisfies(r -> assertThat(jsonBody(r).get("EncryptionContext")).isEqualTo(context));
  }

  @Test
  void resolve_noContext_sendsNoContextEntries() {
    String password = testbed.canary("db-pass");
    Function function = functionWithContext(password, Map.of(), EncryptionContext.none());

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.decrypts()).singleElement().satisfies(r -> {
      Object sent = jsonBody(r).get("EncryptionContext");
      // The SDK leaves an empty map out of the request; either way KMS sees no context.
      assertThat(sent == null || sent.equals(Map.of())).as("EncryptionContext %s", sent).isTrue();
    });
  }

  @Test
  void resolve_customContext_sendsExactlyThatMap() {
    String password = testbed.canary("db-pass");
    Map<String, String> context = Map.of("app", "orders", "stage", "prod");
    Function function = functionWithContext(password, context, EncryptionContext.of(context));

    assertThat(function.handler().dbPass.revealString()).isEqualTo(password);
    assertThat(testbed.decrypts()).singleElement()
        .satisfies(r -> assertThat(jsonBody(r).get("EncryptionContext")).isEqualTo(context));
  }

  @Test
  void resolve_ciphertextOfAnotherContext_failsAtDecryptNamingVariableAndContextWithoutRetry() {
    Function function = function(Map.of("DB_PASS",
        testbed.encrypt(testbed.key, testbed.canary("db-pass"), Map.of("LambdaFunctionName", "other-function"))));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.variable()).isEqualTo("DB_PASS");
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.cause()).contains("InvalidCiphertextException",
        "encryption context {LambdaFunctionName=" + FUNCTION_NAME + "}").doesNotContain("attempts");
    assertThat(failure.hint()).get().asString().contains("--encryption-context", "AwsSettings.encryptionContext");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("DB_PASS", "{LambdaFunctionName=" + FUNCTION_NAME + "}");
    assertThat(testbed.decrypts()).hasSize(1);
    testbed.assertNoCanaryIn(e, failure);
  }

  @Test
  void resolve_defaultContextWithoutFunctionName_failsAtSourceSetupWithoutCallingKms() {
    Map<String, String> variables = new HashMap<>(testbed.variables(Map.of(
        "DB_PASS", testbed.encryptForFunction(testbed.key, testbed.canary("db-pass")))));
    variables.remove("AWS_LAMBDA_FUNCTION_NAME");
    Function function = testbed.track(DaggerAwsKmsSourceEmulatorTest_Function.factory()
        .create(TestDeployment.of(variables, SourceTestbed.FAST)));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.variable()).isEqualTo("DB_PASS");
    assertThat(failure.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(failure.cause()).contains("AWS_LAMBDA_FUNCTION_NAME is not set",
        "EncryptionContext.lambdaFunctionName(\"name\")");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.kms.requests()).isEmpty();
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_ciphertextOfAnotherKeyWithKeyId_failsIncorrectKeyWithoutRetry() {
    Function function = function(Map.of("DB_PASS",
        reference(testbed.key, testbed.encryptForFunction(testbed.otherKey, testbed.canary("db-pass")))));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.cause()).contains("IncorrectKeyException", testbed.key, "made under another key");
    assertThat(failure.hint()).get().asString().contains("re-encrypt");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.decrypts()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  private void assertRetriedAfterTwoFailures(int status) {
    String password = testbed.canary("db-pass");
    Function function = function(Map.of("DB_PASS", testbed.encryptForFunction(testbed.key, password)));
    testbed.kms.knobs().failNext(2, status);

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    // SDK retries are off: each of the three requests is one resolver attempt.
    assertThat(testbed.decrypts()).hasSize(3);
  }

  @Test
  void resolve_twoServiceUnavailableAnswers_retriedByTheResolverAndInjects() {
    assertRetriedAfterTwoFailures(503);
  }

  @Test
  void resolve_twoThrottlingAnswers_retriedByTheResolverAndInjects() {
    assertRetriedAfterTwoFailures(429);
  }

  @Test
  void resolve_twoInternalErrors_retriedByTheResolverAndInjects() {
    assertRetriedAfterTwoFailures(500);
  }

  @Test
  void resolve_alwaysThrottled_failsRetryableAfterMaxAttempts() {
    Function function = function(Map.of("DB_PASS", testbed.encryptForFunction(testbed.key, testbed.canary("p"))));
    testbed.kms.knobs().failNext(20, 429);

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.cause()).contains("ThrottlingException",
        "after " + SourceTestbed.FAST.maxAttempts() + " attempts");
    assertThat(failure.isRetryable()).isTrue();
    assertThat(testbed.decrypts()).hasSize(SourceTestbed.FAST.maxAttempts());
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_regionMissing_failsAtSourceSetupNamingAwsRegion() {
    Map<String, String> variables = new HashMap<>(testbed.variables(Map.of(
        "DB_PASS", testbed.encryptForFunction(testbed.key, testbed.canary("db-pass")))));
    variables.remove("AWS_REGION");
    Function function = testbed.track(DaggerAwsKmsSourceEmulatorTest_Function.factory()
        .create(TestDeployment.of(variables, SourceTestbed.FAST)));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.variable()).isEqualTo("DB_PASS");
    assertThat(failure.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(failure.cause()).contains("AWS_REGION is not set");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.kms.requests()).isEmpty();
    assertThat(testbed.kmsClientsBuilt()).isZero();
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolveTwice_throughOneComponent_buildsOneClientOnFirstUse() {
    String password = testbed.canary("db-pass");
    Map<String, String> references = Map.of("DB_PASS", testbed.encryptForFunction(testbed.key, password));
    Function function = function(references);
    SecretResolver resolver = SecretResolver.create(function.syntaxes(), function.sources(), SourceTestbed.FAST);
    assertThat(testbed.kmsClientsBuilt()).isZero();

    ResolvedSecrets first = resolver.resolve(
        AwsKmsSourceEmulatorTest_SecretsModule.declarations(), testbed.deployment(references).environment());
    ResolvedSecrets second = resolver.resolve(
        AwsKmsSourceEmulatorTest_SecretsModule.declarations(), testbed.deployment(references).environment());

    assertThat(first.get("DB_PASS").revealString()).isEqualTo(password);
    assertThat(second.get("DB_PASS").revealString()).isEqualTo(password);
    assertThat(testbed.decrypts()).hasSize(2);
    assertThat(testbed.kmsClientsBuilt()).isEqualTo(1);
    assertThat(testbed.s3ClientsBuilt()).isZero();
  }

  @Test
  void resolve_noAwsKmsSecretDeclared_neitherBuildsNorCallsKms() {
    String config = testbed.canary("config");
    testbed.s3.putObject(AwsTestbed.BUCKET, "config.txt", config.getBytes(StandardCharsets.UTF_8));
    BucketFunction function = testbed.track(DaggerAwsKmsSourceEmulatorTest_BucketFunction.factory()
        .create(testbed.deployment(Map.of("CONFIG", "s3://" + AwsTestbed.BUCKET + "/config.txt"))));

    ResolvedSecrets secrets = function.secrets();

    assertThat(secrets.get("CONFIG").revealString()).isEqualTo(config);
    assertThat(function.sources()).hasSize(2);
    assertThat(testbed.kms.requests()).isEmpty();
    assertThat(testbed.kmsClientsBuilt()).isZero();
    assertThat(testbed.s3ClientsBuilt()).isEqualTo(1);
    assertThat(testbed.s3.requests()).extracting(RecordedRequest::method).containsExactly("GET");
  }
}

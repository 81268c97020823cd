package dev.secretfn.gcp;

import static dev.secretfn.gcp.GcpTestbed.KEY;
import static dev.secretfn.gcp.GcpTestbed.OTHER_KEY;
import static dev.secretfn.gcp.GcpTestbed.crc32c;
import static dev.secretfn.gcp.GcpTestbed.jsonMember;
import static dev.secretfn.gcp.GcpTestbed.jsonNumber;
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
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.emulator.RecordedRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloud KMS source on its default (lean) transport, against the emulator, as a function uses it. */
class CloudKmsSourceEmulatorTest {
  /** The seed's variable (bare ciphertext or reference) and an optional second one. */
  @SecretDeclarations
  interface Secrets {
    @SecretVar("DB_PASS") @Encrypted(Kms.GCP) Secret dbPass();

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
  @Component(modules = {CloudKmsSourceEmulatorTest_SecretsModule.class, CloudKmsModule.class,
      TestDeployment.class})
  interface Function extends TestComponent {
    Handler handler();

    @Component.Factory
    interface Factory {
      Function create(TestDeployment deployment);
    }
  }

  /** A function that reads bucket secrets only, with every Google Cloud source bound. */
  @SecretDeclarations
  interface BucketSecrets {
    @SecretVar("CONFIG") Secret config();
  }

  @Singleton
  @Component(modules = {CloudKmsSourceEmulatorTest_BucketSecretsModule.class, CloudKmsModule.class,
      CloudStorageModule.class, BerglasModule.class, TestDeployment.class})
  interface BucketFunction extends TestComponent {
    @Component.Factory
    interface Factory {
      BucketFunction create(TestDeployment deployment);
    }
  }

  private GcpTestbed testbed;

  @BeforeEach
  void start() {
    testbed = new GcpTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
  }

  private Function function(Map<String, String> references) {
    return function(references, GcpSettings.defaults());
  }

  private Function function(Map<String, String> references, GcpSettings settings) {
    return testbed.track(DaggerCloudKmsSourceEmulatorTest_Function.factory()
        .create(testbed.deployment(references, settings)));
  }

  private static String reference(String key, String ciphertext) {
    return "gcp-kms://" + key + "?ciphertext=" + ciphertext;
  }

  @Test
  void resolve_seedFormWithKeyInVariable_injectsPlaintext() {
    String password = testbed.canary("db-pass");
    Function function = function(Map.of(
        "KMS_CRYPTO_KEY_ID", KEY,
        "DB_PASS", testbed.encrypt(KEY, password, "")));

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(handler.apiToken).isEmpty();
    assertThat(testbed.decrypts()).singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/v1/" + KEY + ":decrypt"));
    testbed.assertNoCanaryIn(handler.dbPass, function.secrets(), function.sources());
  }

  @Test
  void resolve_selfDescribingReferences_decryptEachWithItsOwnKey() {
    String password = testbed.canary("db-pass");
    String token = testbed.canary("api-token");
    Function function = function(Map.of(
        "DB_PASS", reference(KEY, testbed.encrypt(KEY, password, "")),
        "API_TOKEN", reference(OTHER_KEY, testbed.encrypt(OTHER_KEY, token, ""))));

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    assertThat(handler.apiToken).get().extracting(Secret::revealString).isEqualTo(token);
    assertThat(testbed.decrypts()).extracting(RecordedRequest::path)
        .containsExactlyInAnyOrder("/v1/" + KEY + ":decrypt", "/v1/" + OTHER_KEY + ":decrypt");
    testbed.assertNoCanaryIn(handler.dbPass, handler.apiToken, function.secrets());
  }

  @Test
  void decryptRequest_anyCiphertext_carriesItsCrc32cAndNoAdditionalData() {
    String ciphertext = testbed.encrypt(KEY, testbed.canary("db-pass"), "");
    function(Map.of("DB_PASS", reference(KEY, ciphertext))).handler();

    String body = testbed.decrypts().get(0).bodyUtf8();

    assertThat(jsonNumber(body, "ciphertextCrc32c")).isEqualTo(crc32c(Base64.getDecoder().decode(ciphertext)));
    assertThat(body).doesNotContain("additionalAuthenticatedData");
  }

  @Test
  void resolve_ciphertextOfAnotherKey_failsAtDecryptNamingTheKeyWithoutRetry() {
    Function function = function(Map.of(
        "DB_PASS", reference(KEY, testbed.encrypt(OTHER_KEY, testbed.canary("db-pass"), ""))));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.cause()).contains("INVALID_ARGUMENT", KEY, "does not decrypt with this key")
        .doesNotContain("attempts");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.decrypts()).hasSize(1);
    testbed.assertNoCanaryIn(e, failure);
  }

  @Test
  void resolve_tamperedCiphertext_failsAtDecryptNamingTheKeyWithoutRetry() {
    byte[] ciphertext = Base64.getDecoder().decode(testbed.encrypt(KEY, testbed.canary("db-pass"), ""));
    ciphertext[ciphertext.length - 20] ^= 0x01;
    Function function = function(Map.of(
        "KMS_CRYPTO_KEY_ID", KEY,
        "DB_PASS", Base64.getEncoder().encodeToString(ciphertext)));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.cause()).contains(KEY, "does not decrypt");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.decrypts()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_unknownKey_failsNotFoundWithKeyNameHint() {
    String missing = "projects/secretfn-it/locations/global/keyRings/functions/cryptoKeys/missing";
    Function function = function(Map.of(
        "DB_PASS", reference(missing, testbed.encrypt(KEY, testbed.canary("p"), ""))));

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.cause()).contains("NOT_FOUND", missing);
    assertThat(failure.hint()).get().asString().contains("CryptoKey name", "KMS_CRYPTO_KEY_ID");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(testbed.decrypts()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_boundCiphertextEncryptedWithVariableName_decryptsWithNameAsAad() {
    String password = testbed.canary("db-pass");
    Function function = function(Map.of("DB_PASS", reference(KEY, testbed.encrypt(KEY, password, "DB_PASS"))),
        GcpSettings.builder().bindCiphertextsToVariables(true).build());

    Handler handler = function.handler();

    assertThat(handler.dbPass.revealString()).isEqualTo(password);
    String body = testbed.decrypts().get(0).bodyUtf8();
    byte[] aad = "DB_PASS".getBytes(StandardCharsets.UTF_8);
    assertThat(jsonMember(body, "additionalAuthenticatedData")).isEqualTo(Base64.getEncoder().encodeToString(aad));
    assertThat(jsonNumber(body, "additionalAuthenticatedDataCrc32c")).isEqualTo(crc32c(aad));
  }

  @Test
  void resolve_boundButEncryptedWithoutAad_failsAtDecrypt() {
    Function function = function(Map.of("DB_PASS", reference(KEY, testbed.encrypt(KEY, testbed.canary("p"), ""))),
        GcpSettings.builder().bindCiphertextsToVariables(true).build());

    SecretResolutionException e = startupFails(function::handler);

    Failure failure = onlyFailure(e);
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.cause()).contains("other additional authenticated data");
    assertThat(failure.hint()).get().asString().contains("--additional-authenticated-data-file");
    assertThat(testbed.decrypts()).hasSize(1);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_boundCiphertextCopiedIntoAnotherVariable_failsAtDecrypt() {
    String boundToToken = testbed.encrypt(KEY, testbed.canary("api-token"), "API_TOKEN");
    Function function = function(Map.of("DB_PASS", reference(KEY, boundToToken)),
        GcpSettings.builder().bindCiphertextsToVariables(true).build());

    SecretResolutionException e = startupFails(function::handler);

    assertThat(onlyFailure(e).step()).isEqualTo(Step.DECRYPT);
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolve_boundCiphertextInTwoVariables_failsClearlyWithoutCallingKms() {
    String ciphertext = testbed.encrypt(KEY, testbed.canary("db-pass"), "DB_PASS");
    Function function = function(Map.of(
            "KMS_CRYPTO_KEY_ID", KEY,
            "DB_PASS", ciphertext,
            "API_TOKEN", reference(KEY, ciphertext)),
        GcpSettings.builder().bindCiphertextsToVariables(true).build());

    SecretResolutionException e = startupFails(function::handler);

    assertThat(e.failures()).extracting(Failure::variable).containsExactly("API_TOKEN", "DB_PASS");
    assertThat(e.failures()).allSatisfy(failure -> {
      assertThat(failure.step()).isEqualTo(Step.DECRYPT);
      assertThat(failure.cause()).contains("variables [API_TOKEN, DB_PASS] hold the same ciphertext");
      assertThat(failure.hint()).get().asString().contains("once per variable");
    });
    assertThat(testbed.kms.requests()).isEmpty();
    testbed.assertNoCanaryIn(e);
  }

  @Test
  void resolveTwice_throughOneComponent_buildsOneClientOnFirstUse() {
    String password = testbed.canary("db-pass");
    Map<String, String> references = Map.of("DB_PASS", reference(KEY, testbed.encrypt(KEY, password, "")));
    Function function = function(references);
    SecretResolver resolver = SecretResolver.create(function.syntaxes(), function.sources(), SourceTestbed.FAST);
    assertThat(testbed.kmsClientsBuilt()).isZero();

    ResolvedSecrets first = resolver.resolve(
        CloudKmsSourceEmulatorTest_SecretsModule.declarations(), testbed.deployment(references).environment());
    ResolvedSecrets second = resolver.resolve(
        CloudKmsSourceEmulatorTest_SecretsModule.declarations(), testbed.deployment(references).environment());

    assertThat(first.get("DB_PASS").revealString()).isEqualTo(password);
    assertThat(second.get("DB_PASS").revealString()).isEqualTo(password);
    assertThat(testbed.decrypts()).hasSize(2);
    assertThat(testbed.kmsClientsBuilt()).isEqualTo(1);
    assertThat(testbed.storageClientsBuilt()).isZero();
  }

  @Test
  void resolve_noGcpKmsSecretDeclared_neitherBuildsNorCallsKms() {
    String config = testbed.canary("config");
    testbed.gcs.putObject(GcpTestbed.BUCKET, "config.txt", config.getBytes(StandardCharsets.UTF_8));
    BucketFunction function = testbed.track(DaggerCloudKmsSourceEmulatorTest_BucketFunction.factory()
        .create(testbed.deployment(Map.of("CONFIG", "gs://" + GcpTestbed.BUCKET + "/config.txt"))));

    ResolvedSecrets secrets = function.secrets();

    assertThat(secrets.get("CONFIG").revealString()).isEqualTo(config);
    assertThat(function.sources()).hasSize(3);
    assertThat(testbed.kms.requests()).isEmpty();
    assertThat(testbed.kmsClientsBuilt()).isZero();
    assertThat(testbed.storageClientsBuilt()).isEqualTo(1);
  }
}

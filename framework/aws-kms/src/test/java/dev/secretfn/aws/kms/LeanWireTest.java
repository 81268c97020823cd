package dev.secretfn.aws.kms;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.EncryptionContext;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the lean transport sends, as the AWS KMS emulator receives it: the AWS JSON 1.1 request, its body, and a
 * SigV4 signature that the emulator verifies independently of the SDK's signer.
 */
class LeanWireTest {
  private static final Map<String, String> CONSOLE_CONTEXT = Map.of("LambdaFunctionName", LeanKms.FUNCTION_NAME);

  private AwsKmsEmulator kms;
  private String key;

  @BeforeEach
  void start() {
    kms = AwsKmsEmulator.start();
    kms.requireSignatures(AwsKmsFixture.EMULATOR_KEY, AwsKmsFixture.EMULATOR_KEY);
    key = kms.createKey();
  }

  @AfterEach
  void stop() {
    kms.close();
  }

  private String blob(String plaintext, Map<String, String> context) {
    return Base64.getEncoder().encodeToString(kms.encrypt(key, plaintext.getBytes(UTF_8), context));
  }

  private LeanKms store(AwsSettings settings) {
    return new LeanKms(LeanKms.emulator(kms.endpoint()), settings);
  }

  private RecordedRequest onlyRequest() {
    assertThat(kms.requests()).hasSize(1);
    return kms.requests().get(0);
  }

  private static Map<String, Object> json(RecordedRequest request) throws Json.MalformedJsonException {
    return Json.parseObject(request.bodyUtf8());
  }

  @Test
  void decrypt_postsTheJson11CallSignedForKmsInTheRegion() {
    String blob = blob("pa\u00dfword", CONSOLE_CONTEXT);

    String plaintext = store(AwsSettings.defaults()).resolve("aws-kms://?ciphertext=" + blob).get("SECRET")
        .revealString();

    assertThat(plaintext).isEqualTo("pa\u00dfword");
    RecordedRequest request = onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.query()).isEmpty();
    assertThat(request.header("X-Amz-Target")).hasValue("TrentService.Decrypt");
    assertThat(request.header("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(request.header("Host")).hasValue(kms.endpoint().substring("http://".length()));
    String amzDate = request.header("X-Amz-Date").orElseThrow();
    assertThat(amzDate).matches("\\d{8}T\\d{6}Z");
    // Verified by the emulator too (requireSignatures): the call succeeded.
    assertThat(request.header("Authorization")).get().asString().startsWith("AWS4-HMAC-SHA256 Credential="
        + "secretfn-emulator/" + amzDate.substring(0, 8) + "/us-east-1/kms/aws4_request, SignedHeaders=")
        .contains("content-type", "host", "x-amz-date", "x-amz-target");
  }

  @Test
  void decrypt_consoleForm_sendsExactlyBlobAndContextWithoutKeyId() {
    String blob = blob("v", CONSOLE_CONTEXT);

    store(AwsSettings.defaults()).resolve("aws-kms://?ciphertext=" + blob);

    assertThat(onlyRequest().bodyUtf8()).isEqualTo("{\"CiphertextBlob\":\"" + blob
        + "\",\"EncryptionContext\":{\"LambdaFunctionName\":\"orders\"}}");
  }

  @Test
  void decrypt_referenceWithKey_sendsKeyIdLast() {
    String blob = blob("v", CONSOLE_CONTEXT);

    store(AwsSettings.defaults()).resolve("aws-kms://" + key + "?ciphertext=" + blob);

    assertThat(onlyRequest().bodyUtf8()).isEqualTo("{\"CiphertextBlob\":\"" + blob
        + "\",\"EncryptionContext\":{\"LambdaFunctionName\":\"orders\"},\"KeyId\":\"" + key + "\"}");
  }

  @Test
  void decrypt_noContext_leavesTheMemberOut() throws Exception {
    String blob = blob("v", Map.of());

    assertThat(store(AwsSettings.builder().encryptionContext(EncryptionContext.none()).build())
        .resolve("aws-kms://?ciphertext=" + blob).get("SECRET").revealString()).isEqualTo("v");
    assertThat(json(onlyRequest())).containsOnlyKeys("CiphertextBlob");
  }

  @Test
  void decrypt_contextNeedingJsonEscapes_sendsItExactlySoItDecrypts() throws Exception {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("quote\"backslash\\", "line\nbreak\ttab\u0000nul\u001f");
    context.put("unicode \u00e9\u2028\ud83d\udd11", "slash/ </script> \u007f");
    context.put("aws:lambda:FunctionArn", "arn:aws:lambda:us-east-1:111122223333:function:orders");
    String blob = blob("v", context);

    String plaintext = store(AwsSettings.builder().encryptionContext(EncryptionContext.of(context)).build())
        .resolve("aws-kms://?ciphertext=" + blob).get("SECRET").revealString();

    assertThat(plaintext).isEqualTo("v");
    assertThat(json(onlyRequest()).get("EncryptionContext")).isEqualTo(context);
  }

  @Test
  void decrypt_keyArnOfAnotherRegion_isSignedForThatRegionEvenWithoutAwsRegion() {
    String otherRegion = key.replace(":us-east-1:", ":eu-west-1:");
    Map<String, String> variables = new LinkedHashMap<>(LeanKms.emulator(kms.endpoint()));
    variables.remove("AWS_REGION");

    Failure failure = new LeanKms(variables, AwsSettings.defaults())
        .failure("aws-kms://" + otherRegion + "?ciphertext=" + blob("v", CONSOLE_CONTEXT));

    // The emulator holds keys of us-east-1 only: the call arrived, signed for eu-west-1.
    assertThat(failure.cause()).contains("NotFoundException");
    assertThat(onlyRequest().header("Authorization")).get().asString().contains("/eu-west-1/kms/aws4_request");
  }

  @Test
  void decrypt_plaintextOnlyInTheAnswer_neverInMessagesOrLogs() {
    try (CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn")) {
      String canary = audit.canary("lean");
      LeanKms store = store(AwsSettings.defaults());

      assertThat(store.resolve("aws-kms://?ciphertext=" + blob(canary, CONSOLE_CONTEXT)).get("SECRET")
          .revealString()).isEqualTo(canary);
      audit.assertAbsentFrom(store.source(), kms.requests());
    }
  }

  @Test
  void decrypt_emulatorOverride_isLoggedOnceWhenTheTransportIsBuilt() {
    try (CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn")) {
      LeanKms store = store(AwsSettings.defaults());
      assertThat(audit.logged("AWS KMS endpoint overridden")).isZero();

      store.resolve("aws-kms://?ciphertext=" + blob("a", CONSOLE_CONTEXT));
      store.resolve("aws-kms://?ciphertext=" + blob("b", CONSOLE_CONTEXT));

      assertThat(audit.logged("secretfn: AWS KMS endpoint overridden to " + kms.endpoint()
          + " (local emulator; dummy credentials)")).isEqualTo(1);
    }
    assertThat(kms.requests()).extracting(RecordedRequest::method).isEqualTo(List.of("POST", "POST"));
  }

  @Test
  void decrypt_missingRegion_failsAtSetUpWithoutCalling() {
    Map<String, String> variables = new LinkedHashMap<>(LeanKms.emulator(kms.endpoint()));
    variables.remove("AWS_REGION");

    Failure failure = new LeanKms(variables, AwsSettings.defaults())
        .failure("aws-kms://alias/db?ciphertext=" + blob("v", CONSOLE_CONTEXT));

    assertThat(failure.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(failure.cause()).startsWith("AWS_REGION is not set");
    assertThat(kms.requests()).isEmpty();
  }

  @Test
  void decrypt_plainHttpEndpointVariable_failsAtSetUpNamingIt() {
    Failure failure = new LeanKms(LeanKms.variables(Map.of("AWS_ENDPOINT_URL_KMS", "http://kms.example.com")),
        AwsSettings.defaults()).failure("aws-kms://?ciphertext=" + blob("v", CONSOLE_CONTEXT));

    assertThat(failure.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(failure.cause()).startsWith("AWS_ENDPOINT_URL_KMS names a plain http:// endpoint on kms.example.com");
    assertThat(failure.isRetryable()).isFalse();
  }

  @Test
  void prime_buildsTheTransportAndSendsOneUnsignedCall_thenTheFetchIsSigned() throws Exception {
    LeanKms store = store(AwsSettings.defaults());

    store.source().prime(java.time.Duration.ofSeconds(5));
    String plaintext = store.resolve("aws-kms://?ciphertext=" + blob("v", CONSOLE_CONTEXT)).get("SECRET")
        .revealString();

    assertThat(plaintext).isEqualTo("v");
    assertThat(kms.requests()).hasSize(2);
    assertThat(kms.requests().get(0).header("Authorization")).isEmpty();
    assertThat(kms.requests().get(1).header("Authorization")).isPresent();
  }
}

package dev.secretfn.aws.kms.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lean transport and the SDK's KmsClient, side by side on one emulator: for the same fault or answer, the
 * same outcome: step, message, fix and retryability, or the same plaintext from an equal request.
 */
class TransportParityTest {
  private static final ResolverSettings ONE_ATTEMPT = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(10)).maxAttempts(1).build();
  private static final Map<String, String> CONSOLE_CONTEXT = Map.of("LambdaFunctionName", "orders");

  private AwsKmsEmulator kms;
  private String key;
  private Map<String, String> variables;
  private OfficialStore official;

  @BeforeEach
  void start() {
    kms = AwsKmsEmulator.start();
    kms.requireSignatures("secretfn-emulator", "secretfn-emulator");
    key = kms.createKey();
    variables = new LinkedHashMap<>(Map.of("AWS_REGION", "us-east-1", "AWS_LAMBDA_FUNCTION_NAME", "orders",
        AwsSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length())));
  }

  @AfterEach
  void stop() {
    if (official != null) {
      official.close();
    }
    kms.close();
  }

  private String reference(String keyPart, String plaintext, Map<String, String> context) {
    return "aws-kms://" + keyPart + "?ciphertext="
        + Base64.getEncoder().encodeToString(kms.encrypt(key, plaintext.getBytes(UTF_8), context));
  }

  /** What one resolve of {@code reference} gives: the plaintext, or the failure's visible parts. */
  private static String outcome(Set<ReferenceSyntax> syntaxes, Set<SecretSource> sources, String reference) {
    try {
      ResolvedSecrets secrets = SecretResolver.create(syntaxes, sources, ONE_ATTEMPT)
          .resolve(List.of(SecretDeclaration.required("SECRET")), Environment.of(Map.of("SECRET", reference)));
      return "plaintext " + secrets.get("SECRET").revealString();
    } catch (SecretResolutionException e) {
      SecretResolutionException.Failure f = e.failures().get(0);
      return f.step() + " | " + f.cause() + " | " + f.hint().orElse("no hint") + " | retryable=" + f.isRetryable();
    }
  }

  /** Runs {@code fault} before each transport's resolve of {@code reference}; both outcomes, lean first. */
  private List<String> bothOutcomes(String reference, Consumer<AwsKmsEmulator> fault) {
    LeanStore lean = LeanStore.of(variables);
    fault.accept(kms);
    String leanOutcome = outcome(lean.syntaxes(), lean.sources(), reference);
    kms.knobs().reset();
    official = OfficialStore.of(variables);
    fault.accept(kms);
    String officialOutcome = outcome(official.syntaxes(), official.sources(), reference);
    kms.knobs().reset();
    return List.of(leanOutcome, officialOutcome);
  }

  private void assertSameOutcome(String reference, Consumer<AwsKmsEmulator> fault, String expectedStart) {
    List<String> outcomes = bothOutcomes(reference, fault);

    assertThat(outcomes.get(1)).as("official vs lean").isEqualTo(outcomes.get(0));
    assertThat(outcomes.get(0)).startsWith(expectedStart);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 412, 429, 500, 501, 503, 504})
  void failNext_eachStatus_sameFailureOnBothTransports(int status) {
    assertSameOutcome(reference("", "v", CONSOLE_CONTEXT), k -> k.knobs().failNext(1, status), "DECRYPT | AWS KMS");
  }

  @Test
  void deniedKey_sameFailure() {
    assertSameOutcome(reference("", "v", CONSOLE_CONTEXT), k -> k.knobs().deny(key),
        "DECRYPT | AWS KMS answered 400 AccessDeniedException for the key in the ciphertext blob | allow");
  }

  @Test
  void anotherContext_sameFailure() {
    assertSameOutcome(reference("", "v", Map.of("LambdaFunctionName", "other")), k -> { },
        "DECRYPT | AWS KMS answered 400 InvalidCiphertextException");
  }

  @Test
  void anotherKeyNamed_sameFailure() {
    String other = kms.createKey();
    assertSameOutcome(reference(other, "v", CONSOLE_CONTEXT), k -> { },
        "DECRYPT | AWS KMS answered 400 IncorrectKeyException for " + other);
  }

  @Test
  void absentKey_sameFailure() {
    String absent = key.substring(0, key.length() - 12) + "000000000000";
    assertSameOutcome(reference(absent, "v", CONSOLE_CONTEXT), k -> { },
        "DECRYPT | AWS KMS answered 400 NotFoundException for " + absent);
  }

  @Test
  void unknownCredentials_sameFailure() {
    AwsKmsEmulator strict = AwsKmsEmulator.start();
    try {
      strict.requireSignatures("someone-else", "secret");
      variables.put(AwsSettings.KMS_EMULATOR_HOST, strict.endpoint().substring("http://".length()));

      assertSameOutcome(reference("", "v", CONSOLE_CONTEXT), k -> { },
          "DECRYPT | AWS KMS answered 400 UnrecognizedClientException");
    } finally {
      strict.close();
    }
  }

  @Test
  void emulatorDown_sameFailure() {
    AwsKmsEmulator down = AwsKmsEmulator.start();
    down.close();
    variables.put(AwsSettings.KMS_EMULATOR_HOST, down.endpoint().substring("http://".length()));

    assertSameOutcome(reference("", "v", CONSOLE_CONTEXT), k -> { },
        "DECRYPT | calling AWS for the key in the ciphertext blob failed: ConnectException");
  }

  @Test
  void plainHttpEndpointVariable_sameSetUpFailure() {
    variables.remove(AwsSettings.KMS_EMULATOR_HOST);
    variables.put("AWS_ENDPOINT_URL_KMS", "http://kms.example.com");

    assertSameOutcome(reference("", "v", CONSOLE_CONTEXT), k -> { },
        "SOURCE_SETUP | AWS_ENDPOINT_URL_KMS names a plain http:// endpoint on kms.example.com");
  }

  @Test
  void missingRegion_sameSetUpFailure() {
    variables.remove("AWS_REGION");

    assertSameOutcome(reference("alias/db", "v", CONSOLE_CONTEXT), k -> { },
        "SOURCE_SETUP | AWS_REGION is not set");
  }

  @Test
  void success_samePlaintextFromAnEqualRequestSignedForTheSameRegion() throws Exception {
    Map<String, String> context = Map.of("LambdaFunctionName", "orders");
    String reference = reference(key, "pa\u00dfword \"quoted\"", context);

    assertSameOutcome(reference, k -> { }, "plaintext pa\u00dfword \"quoted\"");

    List<RecordedRequest> decrypts = kms.requests();
    assertThat(decrypts).hasSize(2);
    assertThat(Json.parseObject(decrypts.get(1).bodyUtf8())).isEqualTo(Json.parseObject(decrypts.get(0).bodyUtf8()));
    for (RecordedRequest request : decrypts) {
      assertThat(request.path()).isEqualTo("/");
      assertThat(request.header("X-Amz-Target")).hasValue("TrentService.Decrypt");
      assertThat(request.header("Content-Type")).get().asString().startsWith("application/x-amz-json-1.1");
      assertThat(request.header("Authorization")).get().asString().contains("/us-east-1/kms/aws4_request");
    }
  }

  @Test
  void keyArnOfAnotherRegion_bothSignForThatRegion() {
    String otherRegion = key.replace(":us-east-1:", ":eu-west-1:");
    variables.remove("AWS_REGION");

    assertSameOutcome(reference(otherRegion, "v", CONSOLE_CONTEXT), k -> { },
        "DECRYPT | AWS KMS answered 400 NotFoundException for " + otherRegion);
    assertThat(kms.requests()).hasSize(2).allSatisfy(r -> assertThat(r.header("Authorization")).get().asString()
        .contains("/eu-west-1/kms/aws4_request"));
  }

  @Test
  void connectionReset_sameRetryableFailure() {
    assertSameOutcome(reference("", "v", CONSOLE_CONTEXT), k -> k.knobs().resetNext(1),
        "DECRYPT | calling AWS for the key in the ciphertext blob failed: SocketException | no hint | retryable=true");
  }

  @Test
  void answerCutShort_sameRetryableFailure() {
    assertSameOutcome(reference("", "a-value-long-enough-to-cut", CONSOLE_CONTEXT), k -> k.knobs().truncateNext(1),
        "DECRYPT | calling AWS for the key in the ciphertext blob failed: IOException | no hint | retryable=true");
  }

  @Test
  void explicitEndpointVariable_bothSignWithTheFunctionsCredentials() {
    withSystemProperties(Map.of("aws.accessKeyId", "AKIDFUNCTIONROLE", "aws.secretAccessKey", "role-secret"), () -> {
      kms.requireSignatures("AKIDFUNCTIONROLE", "role-secret");
      variables.remove(AwsSettings.KMS_EMULATOR_HOST);
      variables.put("AWS_ENDPOINT_URL_KMS", kms.endpoint());

      assertSameOutcome(reference("", "v", CONSOLE_CONTEXT), k -> { }, "plaintext v");
      assertThat(kms.requests()).hasSize(2).allSatisfy(r -> assertThat(r.header("Authorization")).get().asString()
          .contains("Credential=AKIDFUNCTIONROLE/"));
    });
  }

  @Test
  void noCredentialsAnywhere_sameSetUpFailureWithoutCalling() {
    withSystemProperties(Map.of("aws.disableEc2Metadata", "true"), () -> {
      variables.remove(AwsSettings.KMS_EMULATOR_HOST);
      variables.put("AWS_ENDPOINT_URL_KMS", kms.endpoint());

      assertSameOutcome(reference("", "v", CONSOLE_CONTEXT), k -> { },
          "SOURCE_SETUP | no AWS credentials: Unable to load credentials");
      assertThat(kms.requests()).isEmpty();
    });
  }

  /** Runs {@code body} with system properties set (the SDK's credential providers read them), then restores. */
  private static void withSystemProperties(Map<String, String> properties, Runnable body) {
    Map<String, String> previous = new LinkedHashMap<>();
    properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
    try {
      body.run();
    } finally {
      previous.forEach((name, value) -> {
        if (value == null) {
          System.clearProperty(name);
        } else {
          System.setProperty(name, value);
        }
      });
    }
  }
}

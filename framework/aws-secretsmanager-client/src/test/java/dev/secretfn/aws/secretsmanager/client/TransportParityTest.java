package dev.secretfn.aws.secretsmanager.client;

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
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lean transport and the SDK's SecretsManagerClient, side by side on one emulator: for the same fault or
 * answer, the same outcome: step, message, fix and retryability, or the same value from an equal request.
 */
class TransportParityTest {
  private static final ResolverSettings ONE_ATTEMPT = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(10)).maxAttempts(1).build();
  private static final String NAME = "prod/db";
  private static final String REF = "aws-sm://" + NAME;
  private static final String DB_SECRET = "{\"username\":\"app\",\"password\":\"pa\\u00dfword \\\"quoted\\\"\"}";

  private SecretsManagerEmulator sm;
  private String arn;
  private Map<String, String> variables;
  private AwsSettings settings = AwsSettings.defaults();
  private ResolverSettings resolverSettings = ONE_ATTEMPT;
  private OfficialStore official;

  @BeforeEach
  void start() {
    sm = SecretsManagerEmulator.start();
    sm.requireSignatures(OfficialClientFixture.EMULATOR_KEY, OfficialClientFixture.EMULATOR_KEY);
    arn = sm.createSecret(NAME, DB_SECRET);
    variables = new LinkedHashMap<>(Map.of("AWS_REGION", "us-east-1",
        AwsSettings.SECRETS_MANAGER_EMULATOR_HOST, sm.endpoint().substring("http://".length())));
  }

  @AfterEach
  void stop() {
    if (official != null) {
      official.close();
    }
    sm.close();
  }

  /** What one resolve of {@code reference} gives: the value, or the failure's visible parts. */
  private String outcome(Set<ReferenceSyntax> syntaxes, Set<SecretSource> sources, String reference) {
    try {
      ResolvedSecrets secrets = SecretResolver.create(syntaxes, sources, resolverSettings)
          .resolve(List.of(SecretDeclaration.required("SECRET")), Environment.of(Map.of("SECRET", reference)));
      return "value " + Base64.getEncoder().encodeToString(secrets.get("SECRET").revealBytes());
    } catch (SecretResolutionException e) {
      SecretResolutionException.Failure f = e.failures().get(0);
      return f.step() + " | " + f.cause() + " | " + f.hint().orElse("no hint") + " | retryable=" + f.isRetryable();
    }
  }

  private static String value(String text) {
    return "value " + Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
  }

  /** Runs {@code fault} before each transport's resolve of {@code reference}; both outcomes, lean first. */
  private List<String> bothOutcomes(String reference, Consumer<SecretsManagerEmulator> fault) {
    LeanStore lean = LeanStore.of(variables, settings);
    fault.accept(sm);
    String leanOutcome = outcome(lean.syntaxes(), lean.sources(), reference);
    sm.knobs().reset();
    official = OfficialStore.of(variables, settings);
    fault.accept(sm);
    String officialOutcome = outcome(official.syntaxes(), official.sources(), reference);
    sm.knobs().reset();
    return List.of(leanOutcome, officialOutcome);
  }

  private void assertSameOutcome(String reference, Consumer<SecretsManagerEmulator> fault, String expectedStart) {
    List<String> outcomes = bothOutcomes(reference, fault);

    assertThat(outcomes.get(1)).as("official vs lean").isEqualTo(outcomes.get(0));
    assertThat(outcomes.get(0)).startsWith(expectedStart);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 412, 429, 500, 501, 503, 504})
  void failNext_eachStatus_sameFailureOnBothTransports(int status) {
    assertSameOutcome(REF, s -> s.knobs().failNext(1, status), "");
    assertThat(sm.requests()).hasSize(2);
  }

  @Test
  void failNext_throttledAndUnavailable_retryableOnBoth() {
    assertSameOutcome(REF, s -> s.knobs().failNext(1, 429), "FETCH | AWS Secrets Manager answered 400"
        + " ThrottlingException for " + REF + " in us-east-1 | no hint | retryable=true");
    assertSameOutcome(REF, s -> s.knobs().failNext(1, 503), "FETCH | AWS Secrets Manager answered 503"
        + " ServiceUnavailable for " + REF + " in us-east-1 | no hint | retryable=true");
  }

  @Test
  void notFound_sameFailure() {
    assertSameOutcome("aws-sm://prod/other", s -> { }, "FETCH | AWS Secrets Manager answered 400"
        + " ResourceNotFoundException for aws-sm://prod/other in us-east-1: no such secret, version or staging label"
        + " | check the secret name");
  }

  @Test
  void unknownStagingLabelOrVersion_sameFailure() {
    assertSameOutcome(REF + "?versionStage=blue", s -> { }, "FETCH | AWS Secrets Manager answered 400"
        + " ResourceNotFoundException");
    assertSameOutcome(REF + "?versionId=" + "0".repeat(36), s -> { }, "FETCH | AWS Secrets Manager answered 400"
        + " ResourceNotFoundException");
  }

  @Test
  void denied_sameFailure() {
    assertSameOutcome(REF, s -> s.knobs().deny(s.denialOf(NAME)), "FETCH | AWS Secrets Manager answered 400"
        + " AccessDeniedException for " + REF + " in us-east-1 | allow secretsmanager:GetSecretValue");
  }

  @Test
  void decryptionFailure_sameFailure() {
    sm.useKmsKey(NAME, "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    sm.makeUndecryptable(NAME);

    assertSameOutcome(REF, s -> { }, "DECRYPT | AWS Secrets Manager answered 400 DecryptionFailure for " + REF
        + " in us-east-1: Secrets Manager could not decrypt the secret with its KMS key | check that the secret's"
        + " KMS key is enabled");
  }

  @Test
  void scheduledForDeletion_sameFailureReadFromAwsMessage() {
    sm.scheduleDeletion(NAME);

    assertSameOutcome(REF, s -> { }, "FETCH | AWS Secrets Manager answered 400 InvalidRequestException for " + REF
        + " in us-east-1: the secret is deleted or scheduled for deletion | restore it");
  }

  @Test
  void unknownCredentials_sameFailure() {
    try (SecretsManagerEmulator strict = SecretsManagerEmulator.start()) {
      strict.requireSignatures("someone-else", "secret");
      strict.createSecret(NAME, "v");
      variables.put(AwsSettings.SECRETS_MANAGER_EMULATOR_HOST, strict.endpoint().substring("http://".length()));

      assertSameOutcome(REF, s -> { }, "FETCH | AWS Secrets Manager answered 400 UnrecognizedClientException");
    }
  }

  @Test
  void emulatorDown_sameRetryableFailure() {
    SecretsManagerEmulator down = SecretsManagerEmulator.start();
    down.close();
    variables.put(AwsSettings.SECRETS_MANAGER_EMULATOR_HOST, down.endpoint().substring("http://".length()));

    assertSameOutcome(REF, s -> { }, "FETCH | calling AWS for " + REF + " failed: ConnectException | no hint"
        + " | retryable=true");
  }

  @Test
  void connectionReset_sameRetryableFailure() {
    assertSameOutcome(REF, s -> s.knobs().resetNext(1),
        "FETCH | calling AWS for " + REF + " failed: SocketException | no hint | retryable=true");
  }

  @Test
  void answerCutShort_sameRetryableFailure() {
    assertSameOutcome(REF, s -> s.knobs().truncateNext(1),
        "FETCH | calling AWS for " + REF + " failed: IOException | no hint | retryable=true");
  }

  /**
   * Whether the resolver's deadline or the client's timeout set from it fires first is a race on both transports
   * (the client's shows as the attempt's last error): the outcome is the same either way.
   */
  @Test
  void slowerThanTheDeadline_sameRetryableDeadlineFailure() {
    resolverSettings = ResolverSettings.builder().deadline(Duration.ofMillis(800)).maxAttempts(1).build();

    List<String> outcomes = bothOutcomes(REF, s -> s.knobs().latency(Duration.ofSeconds(3))).stream()
        .map(o -> o.replace("; last error: AWS did not answer for " + REF + " within the time left before the"
            + " start-up deadline", ""))
        .collect(Collectors.toList());

    assertThat(outcomes.get(1)).as("official vs lean").isEqualTo(outcomes.get(0));
    assertThat(outcomes.get(0)).isEqualTo("FETCH | did not finish within the 800 ms start-up deadline (attempt 1)"
        + " | check that the function can reach the service (network egress, VPC connector) or raise the deadline"
        + " in ResolverSettings | retryable=true");
    assertThat(sm.requests()).hasSize(2);
  }

  @Test
  void valueOverTheLimit_samePermanentFailureAtDecode() {
    sm.createSecret("big", "x".repeat(2048));
    settings = AwsSettings.builder().maxObjectBytes(1024).build();

    assertSameOutcome("aws-sm://big", s -> { }, "DECODE | the value of aws-sm://big is larger than the 1024-byte"
        + " limit | store only the secret in it, or raise AwsSettings.maxObjectBytes | retryable=false");
  }

  @Test
  void plainHttpEndpointVariable_sameSetUpFailure() {
    variables.remove(AwsSettings.SECRETS_MANAGER_EMULATOR_HOST);
    variables.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://sm.example.com");

    assertSameOutcome(REF, s -> { },
        "SOURCE_SETUP | AWS_ENDPOINT_URL_SECRETS_MANAGER names a plain http:// endpoint on sm.example.com");
  }

  @Test
  void missingRegion_sameSetUpFailureWithoutCalling() {
    variables.remove("AWS_REGION");

    assertSameOutcome(REF, s -> { }, "SOURCE_SETUP | AWS_REGION is not set");
    assertThat(sm.requests()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                      | password",
      "?versionStage=AWSCURRENT                | username",
      "?versionStage=AWSPREVIOUS               | password"})
  void success_sameValueFromAnEqualRequest(String parameter, String field) throws Exception {
    sm.putSecretValue(NAME, "{\"username\":\"next\",\"password\":\"rotated\"}");

    List<String> outcomes = bothOutcomes(REF + parameter + "#" + field, s -> { });

    assertThat(outcomes.get(1)).isEqualTo(outcomes.get(0));
    assertThat(outcomes.get(0)).startsWith("value ");
    assertSameRequests();
  }

  @Test
  void success_stringFieldAndWholeValue_sameValues() throws Exception {
    assertSameOutcome(REF + "#password", s -> { }, value("pa\u00dfword \"quoted\""));
    assertSameOutcome(REF, s -> { }, value(DB_SECRET));
    assertSameRequests();
  }

  @Test
  void success_binarySecretAndVersionId_sameBytesFromAnEqualRequest() throws Exception {
    byte[] binary = {0, 1, (byte) 0xc0, (byte) 0x80, (byte) 0xff, 42};
    sm.createBinarySecret("app/binary", binary);
    String version = sm.versionWithLabel("app/binary", SecretsManagerEmulator.CURRENT).orElseThrow();

    assertSameOutcome("aws-sm://app/binary?versionId=" + version, s -> { },
        "value " + Base64.getEncoder().encodeToString(binary));
    assertSameRequests();
    assertThat(Json.parseObject(sm.requests().get(0).bodyUtf8())).containsEntry("VersionId", version);
  }

  @Test
  void arnOfAnotherRegion_bothSignForThatRegion() {
    try (SecretsManagerEmulator ireland = SecretsManagerEmulator.start("eu-west-1")) {
      ireland.requireSignatures(OfficialClientFixture.EMULATOR_KEY, OfficialClientFixture.EMULATOR_KEY);
      String irish = ireland.createSecret("prod/db", DB_SECRET);
      variables.put(AwsSettings.SECRETS_MANAGER_EMULATOR_HOST, ireland.endpoint().substring("http://".length()));

      assertSameOutcome("aws-sm://" + irish + "#username", s -> { }, value("app"));
      assertThat(ireland.requests()).hasSize(2).allSatisfy(r -> assertThat(r.header("Authorization")).get()
          .asString().contains("/eu-west-1/secretsmanager/aws4_request"));
    }
  }

  @Test
  void arnOfAnotherRegionThanTheEmulators_sameSignatureFailure() {
    String elsewhere = arn.replace(":us-east-1:", ":eu-west-1:");

    assertSameOutcome("aws-sm://" + elsewhere, s -> { }, "FETCH | AWS Secrets Manager answered 400"
        + " InvalidSignatureException for aws-sm://" + elsewhere + " in eu-west-1");
  }

  @Test
  void explicitEndpointVariable_bothSignWithTheFunctionsCredentials() {
    withSystemProperties(Map.of("aws.accessKeyId", "AKIDFUNCTIONROLE", "aws.secretAccessKey", "role-secret"), () -> {
      sm.requireSignatures("AKIDFUNCTIONROLE", "role-secret");
      variables.remove(AwsSettings.SECRETS_MANAGER_EMULATOR_HOST);
      variables.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", sm.endpoint());

      assertSameOutcome(REF + "#username", s -> { }, value("app"));
      assertThat(sm.requests()).hasSize(2).allSatisfy(r -> assertThat(r.header("Authorization")).get().asString()
          .contains("Credential=AKIDFUNCTIONROLE/"));
    });
  }

  @Test
  void noCredentialsAnywhere_sameSetUpFailureWithoutCalling() {
    withSystemProperties(Map.of("aws.disableEc2Metadata", "true"), () -> {
      variables.remove(AwsSettings.SECRETS_MANAGER_EMULATOR_HOST);
      variables.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", sm.endpoint());

      assertSameOutcome(REF, s -> { }, "SOURCE_SETUP | no AWS credentials: Unable to load credentials");
      assertThat(sm.requests()).isEmpty();
    });
  }

  /** A server answering exactly the bytes a test sets, for answers the emulator never gives. */
  private static final class Canned implements AutoCloseable {
    volatile Reply next;
    final HttpEmulator server = HttpEmulator.start("canned-sm", new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return next;
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.empty(httpStatus);
      }
    });

    @Override
    public void close() {
      server.close();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "200 | application/x-amz-json-1.1 | {\"ARN\":\"a\",\"Name\":\"prod/db\"}",
      "502 | text/html                  | <html>Bad Gateway</html>",
      "429 | text/plain                 | ''",
      "403 | text/html                  | <html>Forbidden</html>"})
  void cannedAnswer_sameOutcome(int status, String contentType, String body) {
    try (Canned canned = new Canned()) {
      canned.next = Reply.bytes(status, contentType, body.getBytes(UTF_8));
      variables.put(AwsSettings.SECRETS_MANAGER_EMULATOR_HOST,
          canned.server.endpoint().substring("http://".length()));

      assertSameOutcome(REF, s -> { }, "FETCH | AWS Secrets Manager answered " + status);
    }
  }

  /**
   * A known difference, in wording only: a 200 whose body is not a GetSecretValue answer (never from AWS or the
   * emulator; a proxy's page, say). The lean transport reads the body itself and says what is wrong with it; the
   * SDK fails inside its unmarshaller and only the failure's class is kept (its message may quote the body). Both
   * are retryable at FETCH without a hint, so the resolver treats them alike.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "<html></html>                       | neither a string SecretString nor a SecretBinary: the payload is not a"
          + " JSON object (it is not JSON at all) | IOException",
      "{\"SecretBinary\":\"not base64!\"} | its SecretBinary is not base64 | SdkClientException"})
  void cannedSuccessThatIsNotAnAnswer_retryableAtFetchOnBoth_inEachTransportsWords(String body, String leanWhy,
      String sdkFailure) {
    try (Canned canned = new Canned()) {
      canned.next = Reply.bytes(200, "application/x-amz-json-1.1", body.getBytes(UTF_8));
      variables.put(AwsSettings.SECRETS_MANAGER_EMULATOR_HOST,
          canned.server.endpoint().substring("http://".length()));

      List<String> outcomes = bothOutcomes(REF, s -> { });

      assertThat(outcomes).as("lean, official").containsExactly(
          "FETCH | AWS Secrets Manager answered 200 for " + REF + " with a body that is not a GetSecretValue answer ("
              + leanWhy + ") | no hint | retryable=true",
          "FETCH | calling AWS for " + REF + " failed: " + sdkFailure + " | no hint | retryable=true");
      assertThat(outcomes.get(1)).doesNotContain("html", "base64!");
    }
  }

  /**
   * The two GetSecretValue calls (lean, then official) carry the same JSON and the same target, and the second
   * was sent by the SDK.
   */
  private void assertSameRequests() throws Exception {
    List<RecordedRequest> requests = sm.requests();
    assertThat(requests.size()).isEven();
    for (int i = 0; i < requests.size(); i += 2) {
      assertThat(requests.get(i).header("User-Agent")).get().asString().doesNotContain("aws-sdk-java");
      assertThat(requests.get(i + 1).header("User-Agent")).get().asString().contains("aws-sdk-java");
      assertThat(Json.parseObject(requests.get(i + 1).bodyUtf8()))
          .isEqualTo(Json.parseObject(requests.get(i).bodyUtf8()));
    }
    for (RecordedRequest request : requests) {
      assertThat(request.path()).isEqualTo("/");
      assertThat(request.header("X-Amz-Target")).hasValue("secretsmanager.GetSecretValue");
      assertThat(request.header("Content-Type")).get().asString().startsWith("application/x-amz-json-1.1");
      assertThat(request.header("Authorization")).get().asString()
          .contains("/us-east-1/secretsmanager/aws4_request");
    }
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

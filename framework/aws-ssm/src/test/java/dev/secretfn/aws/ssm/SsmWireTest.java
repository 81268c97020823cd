package dev.secretfn.aws.ssm;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.Step;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the lean transport sends, as the SSM emulator receives it (the AWS JSON 1.1 call, its body, a SigV4
 * signature the emulator verifies), and how it reads each kind of answer from a server that answers exactly the
 * bytes a test sets.
 */
class SsmWireTest {
  private static final String JSON_11 = "application/x-amz-json-1.1";

  private SsmEmulator ssm;

  @BeforeEach
  void start() {
    ssm = SsmFixture.started();
  }

  @AfterEach
  void stop() {
    ssm.close();
  }

  private LeanSsm store() {
    return new LeanSsm(LeanSsm.emulator(ssm.endpoint(), Map.of()));
  }

  @Test
  void getParameters_postsTheJson11CallSignedForSsmInTheRegion() {
    ssm.putSecureString("/app/db", "pa\u00dfword", "alias/aws/ssm");

    String value = store().resolve(Map.of("SECRET", "ssm:///app/db?version=1"), LeanSsm.ONE_ATTEMPT)
        .get("SECRET").revealString();

    assertThat(value).isEqualTo("pa\u00dfword");
    RecordedRequest request = ssm.requests().get(0);
    assertThat(ssm.requests()).hasSize(1);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/");
    assertThat(request.header("X-Amz-Target")).hasValue("AmazonSSM.GetParameters");
    assertThat(request.header("Content-Type")).hasValue(JSON_11);
    assertThat(request.bodyUtf8()).isEqualTo("{\"Names\":[\"/app/db:1\"],\"WithDecryption\":true}");
    String amzDate = request.header("X-Amz-Date").orElseThrow();
    assertThat(request.header("Authorization")).get().asString().startsWith("AWS4-HMAC-SHA256 Credential="
        + "secretfn-emulator/" + amzDate.substring(0, 8) + "/us-east-1/ssm/aws4_request, SignedHeaders=");
  }

  @Test
  void getParameters_missingRegion_failsAtSetUpWithoutCalling() {
    Map<String, String> variables = new LinkedHashMap<>(LeanSsm.emulator(ssm.endpoint(), Map.of()));
    variables.remove("AWS_REGION");

    Failure failure = new LeanSsm(variables).failure("ssm:///app/db");

    assertThat(failure.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(failure.cause()).startsWith("AWS_REGION is not set");
    assertThat(ssm.requests()).isEmpty();
  }

  @Test
  void getParameters_plainHttpEndpointVariable_failsAtSetUpNamingIt() {
    Failure failure = new LeanSsm(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SSM",
        "http://ssm.example.com")).failure("ssm:///app/db");

    assertThat(failure.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(failure.cause()).startsWith("AWS_ENDPOINT_URL_SSM names a plain http:// endpoint on ssm.example.com");
  }

  /** An AWS endpoint variable is the user's choice, not an emulator: it is signed with the function's credentials. */
  @Test
  void getParameters_endpointVariable_signsWithTheFunctionsCredentialsNotDummyOnes() {
    Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getProperty("aws.accessKeyId") == null,
        "the test's process has no AWS credentials");

    Failure failure = new LeanSsm(Map.of("AWS_REGION", "eu-west-1", "AWS_ENDPOINT_URL_SSM", ssm.endpoint()))
        .failure("ssm:///app/db");

    assertThat(failure.step()).isEqualTo(Step.SOURCE_SETUP);
    assertThat(failure.cause()).startsWith("no AWS credentials");
    assertThat(ssm.requests()).isEmpty();
  }

  @Test
  void getParameters_keyDenied_failsAtDecryptWithTheKmsFix() {
    ssm.putSecureString("/app/db", "v", "arn:aws:kms:us-east-1:111122223333:key/k1");
    ssm.denyKey("arn:aws:kms:us-east-1:111122223333:key/k1");

    Failure failure = store().failure("ssm:///app/db");

    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.cause()).contains("AccessDeniedException", "KMS key refused to decrypt");
    assertThat(failure.hint()).get().asString().contains("kms:Decrypt", "kms:ViaService");
  }

  @Test
  void getParameters_plaintextOnlyInTheAnswer_neverInMessagesOrLogs() {
    try (CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn")) {
      String canary = audit.canary("ssm");
      ssm.putSecureString("/app/db", canary, "alias/aws/ssm");
      LeanSsm store = store();

      assertThat(store.resolve(Map.of("SECRET", "ssm:///app/db"), LeanSsm.ONE_ATTEMPT).get("SECRET")
          .revealString()).isEqualTo(canary);
      audit.assertAbsentFrom(store.source(), ssm.requests(), ssm);
      assertThat(audit.logged("secretfn: SSM endpoint overridden to " + ssm.endpoint())).isEqualTo(1);
    }
  }

  @Test
  void prime_sendsOneUnsignedCall_thenTheFetchIsSigned() throws Exception {
    ssm.putParameter("plain", "String", "v");
    LeanSsm store = store();

    store.source().prime(Duration.ofSeconds(5));
    String value = store.resolve(Map.of("SECRET", "ssm://plain"), LeanSsm.ONE_ATTEMPT).get("SECRET").revealString();

    assertThat(value).isEqualTo("v");
    assertThat(ssm.requests()).hasSize(2);
    assertThat(ssm.requests().get(0).header("Authorization")).isEmpty();
    assertThat(ssm.requests().get(1).header("Authorization")).isPresent();
  }

  /** Each error kind from a canned server: code, status → step, retryable, what the message or hint says. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "400|{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}|FETCH|true|ThrottlingException",
      "500|{\"__type\":\"InternalServerError\"}|FETCH|true|InternalServerError",
      "503|<html>unavailable</html>|FETCH|true|answered 503",
      "400|{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"message\":\"no\"}|FETCH|false|ssm:GetParameters on arn:aws:ssm:us-east-1:ACCOUNT:parameter/app/db",
      "400|{\"__type\":\"InvalidKeyId\"}|DECRYPT|false|kms:Decrypt",
      "400|{\"__type\":\"ParameterVersionNotFound\"}|FETCH|false|aws ssm put-parameter",
      "400|{\"__type\":\"ValidationException\",\"message\":\"bad\"}|FETCH|false|ValidationException",
      "200|{\"Parameters\":[{\"Name\":\"/app/db\",\"Value\":\"x\"}|FETCH|true|not a GetParameters answer",
      "200|{\"Parameters\":[],\"InvalidParameters\":[]}|FETCH|true|without /app/db"})
  void answer_eachKind_isClassifiedWithItsFix(int status, String body, Step step, boolean retryable, String says) {
    HttpEmulator canned = HttpEmulator.start("canned-ssm", new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return Reply.bytes(status, JSON_11, body.getBytes(UTF_8));
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.empty(httpStatus);
      }
    });
    try {
      Failure failure = new LeanSsm(LeanSsm.emulator(canned.endpoint(), Map.of())).failure("ssm:///app/db");

      assertThat(failure.step()).isEqualTo(step);
      assertThat(failure.isRetryable()).isEqualTo(retryable);
      assertThat(failure.cause() + " / " + failure.hint().orElse("")).contains(says);
    } finally {
      canned.close();
    }
  }
}

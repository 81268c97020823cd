package dev.secretfn.aws.kms;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the lean transport reads each form of AWS KMS answer, from a server that answers with exactly the bytes a
 * test sets: AWS JSON 1.1 errors with and without namespace and header, {@code message} or {@code Message}, error
 * answers that are not JSON (a proxy's), and success answers that are not a Decrypt answer.
 */
class LeanErrorFormatTest {
  private static final String JSON_11 = "application/x-amz-json-1.1";
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  private static final String REFERENCE = "aws-kms://" + KEY + "?ciphertext=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

  private volatile Reply next;
  private HttpEmulator server;
  private LeanKms store;

  @BeforeEach
  void start() {
    server = HttpEmulator.start("canned-kms", new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return next;
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.empty(httpStatus);
      }
    });
    store = new LeanKms(LeanKms.emulator(server.endpoint()), AwsSettings.defaults());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Failure answer(int status, String contentType, String body) {
    next = Reply.bytes(status, contentType, body.getBytes(UTF_8));
    return store.failure(REFERENCE);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"__type\":\"InvalidCiphertextException\",\"message\":\"m\"}",
      "{\"__type\":\"com.amazonaws.kms#InvalidCiphertextException\",\"message\":\"m\"}",
      "{\"__type\":\"com.amazonaws.kms#InvalidCiphertextException:http://internal.amazon.com/\"}",
      "{\"Message\":\"m\",\"__type\":\"InvalidCiphertextException\"}",
      "{\"code\":\"InvalidCiphertextException\"}"})
  void invalidCiphertext_inEveryJsonForm_isReadAsTheSameCode(String body) {
    Failure failure = answer(400, JSON_11, body);

    assertThat(failure.cause()).isEqualTo("AWS KMS answered 400 InvalidCiphertextException for " + KEY
        + ": the ciphertext does not decrypt with encryption context {LambdaFunctionName=orders} (another context"
        + " or key, or a damaged value)");
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.hint()).get().asString().contains("--encryption-context");
  }

  @Test
  void errorTypeHeader_winsOverTheBody_asTheSdkReadsIt() {
    next = Reply.bytes(400, JSON_11, "{\"__type\":\"ValidationException\"}".getBytes(UTF_8))
        .header("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral/");

    Failure failure = store.failure(REFERENCE);

    assertThat(failure.cause()).isEqualTo("AWS KMS answered 400 AccessDeniedException for " + KEY);
    assertThat(failure.hint()).get().asString().startsWith("allow kms:Decrypt");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "400 | ThrottlingException | true",
      "400 | IncorrectKeyException | false",
      "400 | NotFoundException | false",
      "400 | DisabledException | false",
      "400 | KMSInvalidStateException | false",
      "400 | InvalidKeyUsageException | false",
      "400 | KeyUnavailableException | true",
      "400 | UnrecognizedClientException | false",
      "400 | InvalidSignatureException | false",
      "400 | ValidationException | false",
      "500 | KMSInternalException | true",
      "500 | DependencyTimeoutException | true",
      "503 | ServiceUnavailableException | true"})
  void eachErrorType_hasItsRetryability(int status, String type, boolean retryable) {
    Failure failure = answer(status, JSON_11, "{\"__type\":\"" + type + "\",\"message\":\"AWS says why\"}");

    assertThat(failure.cause()).startsWith("AWS KMS answered " + status + " " + type + " for " + KEY);
    assertThat(failure.isRetryable()).isEqualTo(retryable);
    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
  }

  @Test
  void notJsonErrorFromAProxy_isClassifiedByStatus() {
    Failure unavailable = answer(502, "text/html", "<html><body>Bad Gateway</body></html>");
    assertThat(unavailable.cause()).isEqualTo("AWS KMS answered 502 for " + KEY);
    assertThat(unavailable.isRetryable()).isTrue();

    Failure throttled = answer(429, "text/plain", "");
    assertThat(throttled.cause()).isEqualTo("AWS KMS answered 429 for " + KEY);
    assertThat(throttled.isRetryable()).isTrue();

    Failure forbidden = answer(403, "text/html", "<html>Forbidden</html>");
    assertThat(forbidden.cause()).isEqualTo("AWS KMS answered 403 for " + KEY);
    assertThat(forbidden.isRetryable()).isFalse();
  }

  @Test
  void redirect_isNotFollowed() {
    next = Reply.empty(307).header("Location", "https://elsewhere.example.com/");

    Failure failure = store.failure(REFERENCE);

    assertThat(failure.cause()).isEqualTo("AWS KMS answered 307 for " + KEY);
    assertThat(failure.isRetryable()).isFalse();
    assertThat(server.requests()).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"KeyId\":\"k\"} | the JSON object has no field 'Plaintext'",
      "{\"Plaintext\":7} | field 'Plaintext' is a JSON number, expected a string",
      "{\"Plaintext\":\"not base64!\"} | its Plaintext is not base64",
      "<html></html> | the payload is not a JSON object"})
  void successAnswerThatIsNotADecryptAnswer_isRetryableWithoutQuotingIt(String body, String why) {
    Failure failure = answer(200, JSON_11, body);

    assertThat(failure.cause()).startsWith("AWS KMS answered 200 for " + KEY
        + " with a body that is not a Decrypt answer (" + why);
    assertThat(failure.cause()).doesNotContain("base64!");
    assertThat(failure.isRetryable()).isTrue();
  }
}

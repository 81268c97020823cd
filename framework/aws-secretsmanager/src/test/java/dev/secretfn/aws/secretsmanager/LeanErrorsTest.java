package dev.secretfn.aws.secretsmanager;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.Step;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each error kind of Secrets Manager, as the emulator answers it, read into the step, the message, the fix and
 * whether a retry can help; and answers that are not GetSecretValue answers, from a canned server.
 */
class LeanErrorsTest {
  private static final String REF = "aws-sm://prod/db";
  private static final String WHAT = "AWS Secrets Manager answered ";

  private SecretsManagerEmulator sm;
  private LeanSm store;

  @BeforeEach
  void start() {
    sm = SecretsManagerEmulator.start();
    sm.requireSignatures(LeanSm.EMULATOR_KEY, LeanSm.EMULATOR_KEY);
    store = new LeanSm(LeanSm.emulator(sm.endpoint()));
  }

  @AfterEach
  void stop() {
    sm.close();
  }

  @Test
  void notFound_namesSecretAndRegion_andSaysWhatToCheck() {
    Failure failure = store.failure(REF);

    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.cause()).isEqualTo(WHAT + "400 ResourceNotFoundException for " + REF
        + " in us-east-1: no such secret, version or staging label");
    assertThat(failure.hint()).get().asString().contains("check the secret name (or ARN) and its region (us-east-1)",
        "describe-secret");
    assertThat(failure.isRetryable()).isFalse();
  }

  @Test
  void unknownStagingLabel_isNotFound() {
    sm.createSecret("prod/db", "v");

    Failure failure = store.failure(REF + "?versionStage=blue");

    assertThat(failure.cause()).contains("ResourceNotFoundException");
    assertThat(failure.isRetryable()).isFalse();
  }

  @Test
  void accessDenied_asksForGetSecretValueOnTheArnAndKmsDecrypt() {
    sm.createSecret("prod/db", "v");
    sm.knobs().deny(sm.denialOf("prod/db"));

    Failure failure = store.failure(REF);

    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.cause()).isEqualTo(WHAT + "400 AccessDeniedException for " + REF + " in us-east-1");
    assertThat(failure.hint()).get().asString().contains("secretsmanager:GetSecretValue on the secret's ARN",
        "kms:Decrypt on the secret's KMS key when it is a customer-managed key",
        "kms:ViaService secretsmanager.us-east-1.amazonaws.com");
    assertThat(failure.isRetryable()).isFalse();
  }

  @Test
  void decryptionFailure_isPermanentAtDecrypt_withTheKeyToCheck() {
    sm.createSecret("prod/db", "v");
    sm.useKmsKey("prod/db", "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    sm.makeUndecryptable("prod/db");

    Failure failure = store.failure(REF);

    assertThat(failure.step()).isEqualTo(Step.DECRYPT);
    assertThat(failure.cause()).isEqualTo(WHAT + "400 DecryptionFailure for " + REF
        + " in us-east-1: Secrets Manager could not decrypt the secret with its KMS key");
    assertThat(failure.hint()).get().asString().contains("KMS key is enabled", "kms:Decrypt");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(sm.requests()).hasSize(1);
  }

  @Test
  void scheduledForDeletion_saysRestoreIt_andARestoredSecretResolves() {
    sm.createSecret("prod/db", "v");
    sm.scheduleDeletion("prod/db");

    Failure failure = store.failure(REF);

    assertThat(failure.cause()).isEqualTo(WHAT + "400 InvalidRequestException for " + REF
        + " in us-east-1: the secret is deleted or scheduled for deletion");
    assertThat(failure.hint()).get().asString().contains("aws secretsmanager restore-secret");
    assertThat(failure.isRetryable()).isFalse();

    sm.restoreSecret("prod/db");
    assertThat(store.resolve(REF).get("SECRET").revealString()).isEqualTo("v");
  }

  @ParameterizedTest
  @CsvSource({
      "400, InvalidParameterException, false, FETCH",
      "401, UnrecognizedClientException, false, FETCH",
      "403, AccessDeniedException, false, FETCH",
      "404, ResourceNotFoundException, false, FETCH",
      "409, InvalidRequestException, false, FETCH",
      "412, DecryptionFailure, false, DECRYPT",
      "429, ThrottlingException, true, FETCH",
      "500, InternalServiceError, true, FETCH",
      "503, ServiceUnavailable, true, FETCH",
      "504, InternalServiceError, true, FETCH"})
  void eachErrorKind_hasItsStepAndRetryability(int planned, String type, boolean retryable, Step step) {
    sm.createSecret("prod/db", "v");
    sm.knobs().failNext(1, planned);

    Failure failure = store.failure(REF);

    assertThat(failure.cause()).contains(" " + type + " for " + REF + " in us-east-1");
    assertThat(failure.isRetryable()).isEqualTo(retryable);
    assertThat(failure.step()).isEqualTo(step);
  }

  @Test
  void unsignedOrWronglySigned_isPermanent() {
    sm.requireSignatures("another-key", "another-secret");
    try (SecretsManagerEmulator strict = SecretsManagerEmulator.start()) {
      strict.requireSignatures("someone-else", "x");
      Failure failure = new LeanSm(LeanSm.emulator(strict.endpoint())).failure(REF);
      assertThat(failure.cause()).contains("UnrecognizedClientException");
      assertThat(failure.isRetryable()).isFalse();
    }
  }

  /** A server answering exactly the bytes a test sets. */
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

    Failure answer(int status, String contentType, String body) {
      next = Reply.bytes(status, contentType, body.getBytes(UTF_8));
      return new LeanSm(LeanSm.emulator(server.endpoint())).failure(REF);
    }

    @Override
    public void close() {
      server.close();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"ARN\":\"a\",\"Name\":\"prod/db\"} | neither a string SecretString nor a SecretBinary",
      "{\"SecretBinary\":\"not base64!\"} | its SecretBinary is not base64",
      "<html></html> | neither a string SecretString nor a SecretBinary"})
  void successAnswerThatIsNotAGetSecretValueAnswer_isRetryableWithoutQuotingIt(String body, String why) {
    try (Canned canned = new Canned()) {
      Failure failure = canned.answer(200, "application/x-amz-json-1.1", body);

      assertThat(failure.cause()).startsWith(WHAT + "200 for " + REF
          + " with a body that is not a GetSecretValue answer (" + why);
      assertThat(failure.cause()).doesNotContain("base64!");
      assertThat(failure.isRetryable()).isTrue();
    }
  }

  @Test
  void notJsonErrorFromAProxy_isClassifiedByStatus() {
    try (Canned canned = new Canned()) {
      assertThat(canned.answer(502, "text/html", "<html>Bad Gateway</html>").isRetryable()).isTrue();
      assertThat(canned.answer(429, "text/plain", "").isRetryable()).isTrue();
      Failure forbidden = canned.answer(403, "text/html", "<html>Forbidden</html>");
      assertThat(forbidden.cause()).isEqualTo(WHAT + "403 for " + REF + " in us-east-1");
      assertThat(forbidden.isRetryable()).isFalse();
    }
  }
}

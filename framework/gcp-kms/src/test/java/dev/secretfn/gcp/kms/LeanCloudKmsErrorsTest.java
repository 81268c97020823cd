package dev.secretfn.gcp.kms;

import static dev.secretfn.gcp.kms.LeanKmsBench.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Step;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How the lean transport reads each kind of failure: Google's JSON errors of every status the emulator answers,
 * errors that are not JSON, answers that are not the documented JSON, and connections that fail. The messages
 * and fixes are the ones the official client's failures have always had ({@code GcpErrors}).
 */
class LeanCloudKmsErrorsTest {
  private static final String CANARY = "lean-error-canary-5f3a";

  private final LeanKmsBench bench = new LeanKmsBench();

  @AfterEach
  void stop() {
    bench.close();
  }

  static Stream<Arguments> googleErrors() {
    return Stream.of(
        Arguments.of(400, "INVALID_ARGUMENT", false, ": the ciphertext does not decrypt with this key",
            "re-encrypt the value with this key"),
        Arguments.of(401, "UNAUTHENTICATED", false, "", "grant roles/cloudkms.cryptoKeyDecrypter on " + KEY),
        Arguments.of(403, "PERMISSION_DENIED", false, "", "grant roles/cloudkms.cryptoKeyDecrypter on " + KEY),
        Arguments.of(404, "NOT_FOUND", false, "", "check the CryptoKey name (in the reference or KMS_CRYPTO_KEY_ID)"),
        Arguments.of(409, "ABORTED", true, "", null),
        Arguments.of(412, "FAILED_PRECONDITION", false, ": the key version is not enabled",
            "enable the CryptoKey version that encrypted the value"),
        Arguments.of(429, "RESOURCE_EXHAUSTED", true, "", null),
        Arguments.of(500, "INTERNAL", true, "", null),
        Arguments.of(501, "UNIMPLEMENTED", false, "", null),
        Arguments.of(503, "UNAVAILABLE", true, "", null),
        Arguments.of(504, "DEADLINE_EXCEEDED", true, "", null));
  }

  @ParameterizedTest(name = "HTTP {0} {1}")
  @MethodSource("googleErrors")
  void decrypt_googleJsonError_failsWithTheStatusRetryabilityAndFix(int httpStatus, String status,
      boolean retryable, String detail, String hint) throws Exception {
    byte[] ciphertext = bench.encrypt("value", "");
    bench.kms.knobs().failNext(1, httpStatus);

    SourceException e = bench.failure(ciphertext);

    assertThat(e.getMessage()).isEqualTo("Cloud KMS answered " + status + " for " + KEY + detail
        + (httpStatus == 400 ? " (another key, other additional authenticated data, or a damaged or truncated"
            + " value)" : ""));
    assertThat(e.step()).isEqualTo(Step.DECRYPT);
    assertThat(e.isRetryable()).isEqualTo(retryable);
    if (hint == null) {
      assertThat(e.hint()).isEmpty();
    } else {
      assertThat(e.hint()).get().asString().startsWith(hint);
    }
  }

  @Test
  void decrypt_ciphertextOfAnotherKey_failsInvalidArgumentWithoutRetry() throws Exception {
    String other = "projects/secretfn-lean/locations/global/keyRings/lean/cryptoKeys/other";
    bench.kms.createKey(other);

    SourceException e = bench.failure(bench.kms.encrypt(other, LeanKmsBench.utf8("value"), new byte[0]));

    assertThat(e.getMessage()).startsWith("Cloud KMS answered INVALID_ARGUMENT for " + KEY
        + ": the ciphertext does not decrypt with this key");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void decrypt_jsonStatusOtherThanTheHttpStatus_readsTheJsonStatus() throws Exception {
    // Cloud KMS answers a disabled key version with HTTP 400 and status FAILED_PRECONDITION.
    try (HttpEmulator server = serving(Reply.json(400, java.util.Map.of("error", java.util.Map.of(
        "code", 400, "status", "FAILED_PRECONDITION", "message", "CryptoKeyVersion is not enabled."))))) {
      SourceException e = failure(server);

      assertThat(e.getMessage()).isEqualTo("Cloud KMS answered FAILED_PRECONDITION for " + KEY
          + ": the key version is not enabled");
      assertThat(e.isRetryable()).isFalse();
    }
  }

  @Test
  void decrypt_errorMessageEchoingTheRequest_isNeverQuoted() throws Exception {
    try (HttpEmulator server = serving(Reply.json(403, java.util.Map.of("error", java.util.Map.of(
        "code", 403, "status", "PERMISSION_DENIED", "message", "denied for " + CANARY))))) {
      SourceException e = failure(server);

      assertThat(e.getMessage()).isEqualTo("Cloud KMS answered PERMISSION_DENIED for " + KEY);
      assertThat(String.valueOf(e.hint()) + e.getCause()).doesNotContain(CANARY);
    }
  }

  @Test
  void decrypt_statusThatIsNoStatusName_fallsBackToTheHttpStatus() throws Exception {
    try (HttpEmulator server = serving(Reply.json(403, java.util.Map.of("error", java.util.Map.of(
        "code", 403, "status", "<b>" + CANARY + "</b>", "message", "x"))))) {
      SourceException e = failure(server);

      assertThat(e.getMessage()).isEqualTo("Cloud KMS answered PERMISSION_DENIED for " + KEY);
    }
  }

  @Test
  void decrypt_nonJson503FromAProxy_isRetryableUnavailable() throws Exception {
    try (HttpEmulator server = serving(Reply.bytes(503, "text/html",
        "<html><body>Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8)))) {
      SourceException e = failure(server);

      assertThat(e.getMessage()).isEqualTo("Cloud KMS answered UNAVAILABLE for " + KEY);
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.step()).isEqualTo(Step.DECRYPT);
    }
  }

  @Test
  void decrypt_nonJson502WithoutBody_isRetryableInternal() throws Exception {
    try (HttpEmulator server = serving(Reply.empty(502))) {
      SourceException e = failure(server);

      assertThat(e.getMessage()).isEqualTo("Cloud KMS answered INTERNAL for " + KEY);
      assertThat(e.isRetryable()).isTrue();
    }
  }

  @Test
  void decrypt_connectionResetBeforeTheAnswer_isRetryableNamingTheIoError() throws Exception {
    byte[] ciphertext = bench.encrypt("value", "");
    bench.kms.knobs().resetNext(1);

    SourceException e = bench.failure(ciphertext);

    assertThat(e.getMessage()).isEqualTo("calling Cloud KMS for " + KEY + " failed: SocketException");
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.step()).isEqualTo(Step.DECRYPT);
    assertThat(bench.requests()).hasSize(1);
  }

  @Test
  void decrypt_answerCutOffMidBody_isRetryableAndReturnsNothing() throws Exception {
    byte[] ciphertext = bench.encrypt("a-plaintext-long-enough-to-be-cut", "");
    bench.kms.knobs().truncateNext(1);

    SourceException e = bench.failure(ciphertext);

    assertThat(e.getMessage()).isEqualTo("calling Cloud KMS for " + KEY + " failed: IOException");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void decrypt_nothingListening_isRetryable() throws Exception {
    byte[] ciphertext = bench.encrypt("value", "");
    bench.kms.close();

    SourceException e = bench.failure(ciphertext);

    assertThat(e.getMessage()).isEqualTo("calling Cloud KMS for " + KEY + " failed: ConnectException");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void decrypt_slowerThanTheTimeout_failsRetryableAtTheTimeout() throws Exception {
    byte[] ciphertext = bench.encrypt("value", "");
    bench.kms.knobs().latency(Duration.ofSeconds(3));
    long start = System.nanoTime();

    SourceException e;
    try {
      bench.decrypter.decrypt(KEY, ciphertext, new byte[0], Duration.ofMillis(300), Step.DECRYPT);
      throw new AssertionError("the decrypt succeeded");
    } catch (SourceException failure) {
      e = failure;
    }

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    assertThat(e.getMessage()).isEqualTo("Cloud KMS did not answer for " + KEY + " before the start-up deadline");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void decrypt_answerThatIsNotJson_isRetryableWithoutQuotingIt() throws Exception {
    try (HttpEmulator server = serving(Reply.bytes(200, "text/plain",
        ("plaintext=" + CANARY).getBytes(StandardCharsets.UTF_8)))) {
      SourceException e = failure(server);

      assertThat(e.getMessage()).startsWith("Cloud KMS's answer for " + KEY + " is not the documented Decrypt JSON")
          .doesNotContain(CANARY);
      assertThat(e.isRetryable()).isTrue();
    }
  }

  @Test
  void decrypt_answerLargerThanAnyDecryptAnswer_failsPermanentlyWithoutKeepingIt() throws Exception {
    byte[] huge = new byte[LeanCloudKmsTransport.MAX_ANSWER_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) 'a');
    try (HttpEmulator server = serving(Reply.bytes(200, "application/json", huge))) {
      SourceException e = failure(server);

      assertThat(e.getMessage()).isEqualTo("Cloud KMS's answer for " + KEY + " is larger than "
          + LeanCloudKmsTransport.MAX_ANSWER_BYTES + " bytes, which no Decrypt answer is");
      assertThat(e.isRetryable()).isFalse();
    }
  }

  /** Answers every request with {@code reply}. */
  static HttpEmulator serving(Reply reply) {
    return HttpEmulator.start("fixed-answer", new HttpEmulator.Service() {
      @Override
      public Reply serve(RecordedRequest request) {
        return reply;
      }

      @Override
      public Reply failure(RecordedRequest request, int httpStatus) {
        return Reply.empty(httpStatus);
      }
    });
  }

  /** The failure of one decrypt through the lean transport pointed at {@code server}. */
  static SourceException failure(HttpEmulator server) throws InterruptedException {
    LeanCloudKmsTransport transport = new LeanCloudKmsTransport(URI.create(server.endpoint()), Optional.empty());
    try {
      new CloudKmsDecrypter(() -> transport).decrypt(KEY, new byte[] {1, 2, 3}, new byte[0],
          LeanKmsBench.TIMEOUT, Step.DECRYPT);
    } catch (SourceException e) {
      return e;
    }
    throw new AssertionError("the decrypt succeeded");
  }
}

package dev.secretfn.gcp.kms;

import static dev.secretfn.gcp.kms.LeanKmsBench.KEY;
import static dev.secretfn.gcp.kms.LeanKmsBench.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Step;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.gcp.kms.internal.CloudKmsTransport;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Reply;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CRC32C both ways on the lean transport: Cloud KMS checks the request's checksums, the decrypter checks the
 * answer's. Either mismatch is a retryable VERIFY failure that quotes no plaintext.
 */
class LeanCloudKmsChecksumTest {
  private static final String PLAINTEXT = "checksum-canary-8d1e";

  private final LeanKmsBench bench = new LeanKmsBench();

  @AfterEach
  void stop() {
    bench.close();
  }

  @Test
  void decrypt_answerChecksumCorrupted_failsRetryableAtVerifyWithoutThePlaintext() throws Exception {
    byte[] ciphertext = bench.encrypt(PLAINTEXT, "");
    bench.kms.knobs().corruptNextChecksum(1);

    SourceException e = bench.failure(ciphertext);

    assertThat(e.step()).isEqualTo(Step.VERIFY);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).isEqualTo("the plaintext Cloud KMS returned for " + KEY
        + " failed its CRC32C check (corrupted in transit)").doesNotContain(PLAINTEXT);
    assertThat(bench.decrypt(ciphertext)).isEqualTo(utf8(PLAINTEXT)); // the next answer is intact
  }

  @Test
  void decrypt_answerWithoutChecksum_failsRetryableAtVerify() throws Exception {
    try (HttpEmulator server = LeanCloudKmsErrorsTest.serving(Reply.json(200,
        Map.of("plaintext", Base64.getEncoder().encodeToString(utf8(PLAINTEXT)))))) {
      SourceException e = LeanCloudKmsErrorsTest.failure(server);

      assertThat(e.step()).isEqualTo(Step.VERIFY);
      assertThat(e.isRetryable()).isTrue();
      assertThat(e.getMessage()).doesNotContain(PLAINTEXT);
    }
  }

  @Test
  void decrypt_answerChecksumAsANumber_isAccepted() throws Exception {
    byte[] plaintext = utf8(PLAINTEXT);
    try (HttpEmulator server = LeanCloudKmsErrorsTest.serving(Reply.json(200, Map.of(
        "plaintext", Base64.getEncoder().encodeToString(plaintext),
        "plaintextCrc32c", new java.math.BigDecimal(CloudKmsDecrypter.crc32c(plaintext)))))) {
      LeanCloudKmsTransport transport =
          new LeanCloudKmsTransport(java.net.URI.create(server.endpoint()), java.util.Optional.empty());

      byte[] decrypted = new CloudKmsDecrypter(() -> transport)
          .decrypt(KEY, new byte[] {1}, new byte[0], LeanKmsBench.TIMEOUT, Step.DECRYPT);

      assertThat(decrypted).isEqualTo(plaintext);
    }
  }

  @Test
  void decrypt_requestCiphertextChecksumWrong_isRejectedByCloudKmsAsRetryableVerify() throws Exception {
    byte[] ciphertext = bench.encrypt(PLAINTEXT, "");
    CloudKmsTransport.Request damaged = new CloudKmsTransport.Request(
        KEY, ciphertext, CloudKmsDecrypter.crc32c(ciphertext) ^ 1, new byte[0], 0);

    SourceException e = failure(damaged);

    assertThat(e.step()).isEqualTo(Step.VERIFY);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).isEqualTo("Cloud KMS answered INVALID_ARGUMENT for " + KEY
        + ": the request failed its CRC32C check at Cloud KMS (corrupted in transit)");
    assertThat(bench.requests()).hasSize(1);
  }

  @Test
  void decrypt_requestAdditionalDataChecksumWrong_isRejectedByCloudKmsAsRetryableVerify() throws Exception {
    byte[] aad = utf8("DB_PASS");
    byte[] ciphertext = bench.encrypt(PLAINTEXT, "DB_PASS");
    CloudKmsTransport.Request damaged = new CloudKmsTransport.Request(
        KEY, ciphertext, CloudKmsDecrypter.crc32c(ciphertext), aad, CloudKmsDecrypter.crc32c(aad) + 1);

    SourceException e = failure(damaged);

    assertThat(e.step()).isEqualTo(Step.VERIFY);
    assertThat(e.isRetryable()).isTrue();
  }

  private SourceException failure(CloudKmsTransport.Request request) throws InterruptedException {
    try {
      bench.transport.decrypt(request, LeanKmsBench.TIMEOUT, Step.DECRYPT);
    } catch (SourceException e) {
      return e;
    }
    throw new AssertionError("the decrypt succeeded");
  }
}

package dev.secretfn.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Step;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The transport-neutral classification of AWS KMS answers and failed exchanges. */
class AwsErrorsTest {
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/k";
  private static final String CONTEXT = "encryption context {LambdaFunctionName=fn}";

  private static SourceException kms(String code, int status) {
    return AwsErrors.kms(code, status, KEY, CONTEXT, null);
  }

  @ParameterizedTest
  @CsvSource({
      "ThrottlingException, 400",
      "Throttling, 400",
      "TooManyRequestsException, 400",
      "RequestLimitExceeded, 400",
      "'', 429",
      "KMSInternalException, 500",
      "KMSInternalException, 400",
      "KeyUnavailableException, 400",
      "DependencyTimeoutException, 400",
      "ServiceUnavailableException, 503",
      "'', 502"})
  void kms_transientAnswers_areRetryableAtDecrypt(String code, int status) {
    SourceException e = kms(code, status);

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.step()).isEqualTo(Step.DECRYPT);
    assertThat(e.hint()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "ValidationException, 400",
      "UnrecognizedClientException, 400",
      "InvalidSignatureException, 400",
      "UnsupportedOperationException, 400",
      "ConflictException, 400",
      "'', 403"})
  void kms_otherClientErrors_arePermanentWithoutHint(String code, int status) {
    SourceException e = kms(code, status);

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.hint()).isEmpty();
  }

  @Test
  void kms_invalidCiphertext_namesTheContextAndTheFix() {
    SourceException e = kms("InvalidCiphertextException", 400);

    assertThat(e.getMessage()).isEqualTo("AWS KMS answered 400 InvalidCiphertextException for " + KEY
        + ": the ciphertext does not decrypt with " + CONTEXT + " (another context or key, or a damaged value)");
    assertThat(e.hint()).hasValue("encrypt with aws kms encrypt --encryption-context matching the function, or set"
        + " AwsSettings.encryptionContext to the one used");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void kms_incorrectKey_saysAnotherKey() {
    SourceException e = kms("IncorrectKeyException", 400);

    assertThat(e.getMessage()).isEqualTo("AWS KMS answered 400 IncorrectKeyException for " + KEY
        + ": the ciphertext was made under another key");
    assertThat(e.hint()).hasValue("re-encrypt the value with the key the reference names");
  }

  @Test
  void kms_accessDenied_saysWhatToGrant() {
    SourceException e = kms("AccessDeniedException", 400);

    assertThat(e.getMessage()).isEqualTo("AWS KMS answered 400 AccessDeniedException for " + KEY);
    assertThat(e.hint()).hasValue("allow kms:Decrypt on the key to the function's role (conditioned on"
        + " kms:EncryptionContext:LambdaFunctionName)");
    assertThat(e.isRetryable()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"NotFoundException", "DisabledException", "InvalidKeyUsageException", "KMSInvalidStateException"})
  void kms_keyProblems_sayToCheckTheKey(String code) {
    SourceException e = kms(code, 400);

    assertThat(e.getMessage()).isEqualTo("AWS KMS answered 400 " + code + " for " + KEY);
    assertThat(e.hint()).hasValue("check that the key exists, is enabled and is a symmetric encryption key");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void kms_noCode_saysTheStatusOnly() {
    assertThat(kms("", 502).getMessage()).isEqualTo("AWS KMS answered 502 for " + KEY);
  }

  @Test
  void transport_timeout_isTheDeadline() {
    SourceException e = AwsErrors.transport(new SocketTimeoutException("Read timed out"), KEY, Step.DECRYPT);

    assertThat(e.getMessage()).isEqualTo("AWS did not answer for " + KEY
        + " within the time left before the start-up deadline");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void transport_resetRefusedOrCut_isRetryableNamingTheKind() {
    for (IOException io : new IOException[] {new SocketException("Connection reset"),
        new ConnectException("Connection refused"), new IOException("the answer ended after 3 of its 9 bytes"),
        new SSLHandshakeException("Remote host terminated the handshake")}) {
      SourceException e = AwsErrors.transport(io, KEY, Step.DECRYPT);

      assertThat(e.isRetryable()).as(io.toString()).isTrue();
      assertThat(e.getMessage()).isEqualTo("calling AWS for " + KEY + " failed: " + io.getClass().getSimpleName());
      assertThat(e.step()).isEqualTo(Step.DECRYPT);
    }
  }

  @Test
  void transport_certificateRefused_isPermanentWithAFix() {
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(new CertificateException("unable to find valid certification path"));
    for (IOException io : new IOException[] {untrusted, new SSLPeerUnverifiedException("peer not authenticated")}) {
      SourceException e = AwsErrors.transport(io, KEY, Step.DECRYPT);

      assertThat(e.isRetryable()).as(io.toString()).isFalse();
      assertThat(e.getMessage()).startsWith("the TLS certificate of the AWS endpoint was refused for " + KEY);
      assertThat(e.hint()).get().asString().contains("trust store");
    }
  }

  @Test
  void transport_handshakeCutWithoutCertificateProblem_isRetryable() {
    SSLHandshakeException cut = new SSLHandshakeException("Remote host terminated the handshake");
    cut.initCause(new EOFException("SSL peer shut down incorrectly"));

    assertThat(AwsErrors.transport(cut, KEY, Step.DECRYPT).isRetryable()).isTrue();
  }

  @Test
  void transport_answerTooLarge_isPermanent() throws Exception {
    SourceException e = AwsErrors.transport(bodyTooLarge(), KEY, Step.DECRYPT);

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).isEqualTo("the answer of AWS for " + KEY + " was refused: the answer is larger than"
        + " 1 bytes");
  }

  /** A real {@link HttpExchange.BodyTooLargeException}, from an answer larger than the limit. */
  private static IOException bodyTooLarge() throws Exception {
    try (var emulator = HttpEmulator.start("big", new BigAnswers())) {
      HttpExchange.exchange("GET", URI.create(emulator.endpoint() + "/"), Map.of(), null,
          Duration.ofSeconds(5), 1);
    } catch (HttpExchange.BodyTooLargeException e) {
      return e;
    }
    throw new AssertionError("expected BodyTooLargeException");
  }

  private static final class BigAnswers implements HttpEmulator.Service {
    @Override
    public Reply serve(RecordedRequest request) {
      return Reply.bytes(200, "text/plain", new byte[16]);
    }

    @Override
    public Reply failure(RecordedRequest request, int httpStatus) {
      return Reply.empty(httpStatus);
    }
  }

  @Test
  void withoutNamespace_stripsTheNamespaceAndWhatFollowsAColon() {
    assertThat(AwsServiceError.withoutNamespace("com.amazonaws.kms#NotFoundException")).isEqualTo("NotFoundException");
    assertThat(AwsServiceError.withoutNamespace("NotFoundException:http://internal.amazon.com/coral/"))
        .isEqualTo("NotFoundException");
    assertThat(AwsServiceError.withoutNamespace("aws#Throttling:x")).isEqualTo("Throttling");
    assertThat(AwsServiceError.withoutNamespace("ThrottlingException")).isEqualTo("ThrottlingException");
  }
}

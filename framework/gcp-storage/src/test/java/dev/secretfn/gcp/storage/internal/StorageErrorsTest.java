package dev.secretfn.gcp.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateExpiredException;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One classification of Cloud Storage failures: the messages and fixes both transports give, word for word. */
class StorageErrorsTest {
  private static final String OBJECT = "gs://bucket/app/db.json";

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void answered_unauthenticatedOrDenied_permanentNamingTheRoleAndTheBucket(int status) throws Exception {
    SourceException e = StorageErrors.answered(status, Optional.of("forbidden"), OBJECT, Step.FETCH, null);

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.step()).isEqualTo(Step.FETCH);
    assertThat(e).hasMessage("Cloud Storage answered HTTP " + status + " for " + OBJECT);
    assertThat(e.hint()).contains("grant roles/storage.objectViewer on gs://bucket (or storage.objects.get on the"
        + " object) to the function's service account");
  }

  @Test
  void answered_notFound_permanentWithWhatToFix() throws Exception {
    SourceException e = StorageErrors.answered(404, Optional.of("notFound"), OBJECT, Step.FETCH, null);

    assertThat(e.isRetryable()).isFalse();
    assertThat(e).hasMessage("Cloud Storage answered HTTP 404 for " + OBJECT + ": no such object or generation");
    assertThat(e.hint()).contains("upload the object, or fix the bucket, object name or pinned generation");
  }

  @Test
  void answered_preconditionFailed_permanentAboutThePin() throws Exception {
    SourceException e = StorageErrors.answered(412, Optional.of("conditionNotMet"), OBJECT, Step.FETCH, null);

    assertThat(e.isRetryable()).isFalse();
    assertThat(e).hasMessage("Cloud Storage answered HTTP 412 for " + OBJECT
        + ": the pinned generation does not match");
    assertThat(e.hint()).contains("pin the object's current generation, or remove the pin");
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504})
  void answered_transientStatus_retryableWithoutAHint(int status) throws Exception {
    SourceException e = StorageErrors.answered(status, Optional.empty(), OBJECT, Step.FETCH, null);

    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessage("Cloud Storage answered HTTP " + status + " for " + OBJECT);
    assertThat(e.hint()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 409, 416, 501, 302})
  void answered_otherStatus_permanentUnlessTheReasonIsInternalError(int status) throws Exception {
    assertThat(StorageErrors.answered(status, Optional.of("invalid"), OBJECT, Step.FETCH, null).isRetryable())
        .isFalse();
    assertThat(StorageErrors.answered(status, Optional.empty(), OBJECT, Step.FETCH, null).isRetryable()).isFalse();
    assertThat(StorageErrors.answered(status, Optional.of("internalError"), OBJECT, Step.FETCH, null)
        .isRetryable()).isTrue();
  }

  @Test
  void answered_noAnswer_retryableTransportError() throws Exception {
    SourceException e = StorageErrors.answered(0, Optional.empty(), OBJECT, Step.FETCH, new SocketException("reset"));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessage("Cloud Storage answered with a transport error for " + OBJECT);
    assertThat(e.getCause()).isInstanceOf(SocketException.class);
  }

  @Test
  void answered_timeoutOrInterrupt_reportsTheInterrupt() {
    assertThatThrownBy(() -> StorageErrors.answered(0, Optional.empty(), OBJECT, Step.FETCH,
        new IOException(new SocketTimeoutException("Read timed out"))))
        .isInstanceOf(InterruptedException.class);
  }

  @Test
  void answered_certificateRefused_permanentSayingItWasTls() throws Exception {
    SSLHandshakeException refused = new SSLHandshakeException("PKIX path validation failed");
    refused.initCause(new CertificateExpiredException("NotAfter: ..."));

    SourceException e = StorageErrors.answered(0, Optional.empty(), OBJECT, Step.FETCH, refused);

    assertThat(e.isRetryable()).isFalse();
    assertThat(e).hasMessage("calling Cloud Storage for " + OBJECT
        + " failed: refused its TLS certificate (SSLHandshakeException)");
    assertThat(e.hint()).get().asString().contains("certificate", "trust store");
  }

  @Test
  void answered_handshakeCutByTheNetwork_staysRetryable() throws Exception {
    SSLHandshakeException cut = new SSLHandshakeException("Remote host terminated the handshake");
    cut.initCause(new EOFException("SSL peer shut down incorrectly"));

    SourceException e = StorageErrors.answered(0, Optional.empty(), OBJECT, Step.FETCH, cut);

    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessage("Cloud Storage answered with a transport error for " + OBJECT);
  }

  @Test
  void io_readFailed_retryableNamingTheExceptionOnly() throws Exception {
    SourceException e = StorageErrors.io(new IOException("secret-looking detail"), OBJECT, Step.FETCH);

    assertThat(e.isRetryable()).isTrue();
    assertThat(e).hasMessage("reading " + OBJECT + " failed: IOException");
  }

  @Test
  void tooLarge_asStoredCompressed_saysSo() {
    assertThat(StorageErrors.tooLarge(OBJECT, 1024, Optional.of("gzip")))
        .hasMessage(OBJECT + " is larger than the 1024-byte limit (as stored, gzip-compressed)")
        .satisfies(e -> assertThat(e.step()).isEqualTo(Step.DECODE));
    assertThat(StorageErrors.tooLarge(OBJECT, 1024, Optional.empty()))
        .hasMessage(OBJECT + " is larger than the 1024-byte limit")
        .satisfies(e -> assertThat(e.hint()).contains(
            "store only the secret in the object, or raise GcpSettings.maxObjectBytes"));
  }

  @Test
  void named_encodingFromMetadata_keepsOnlyAShortPlainToken() {
    assertThat(StorageErrors.named("br")).isEqualTo("br");
    assertThat(StorageErrors.named("x\ny'\"<>")).isEqualTo("x?y????");
    assertThat(StorageErrors.named("a".repeat(40))).isEqualTo("a".repeat(32) + "...");
  }

  @Test
  void bucketOf_describedObjects_namesTheBucketAsGcloudDoes() {
    assertThat(StorageErrors.bucketOf("gs://b/o/p")).isEqualTo("gs://b");
    assertThat(StorageErrors.bucketOf("berglas://b/o")).isEqualTo("gs://b");
    assertThat(StorageErrors.bucketOf("berglas://b")).isEqualTo("gs://b");
    assertThat(StorageErrors.bucketOf("plain")).isEqualTo("plain");
  }
}

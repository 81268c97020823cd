package dev.secretfn.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.gcp.internal.GcpErrors;
import dev.secretfn.gcp.internal.GoogleApiError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoogleApiErrorTest {
  @Test
  void status_googleJsonError_isItsStatusWhateverTheHttpStatus() {
    assertThat(GoogleApiError.status(400, utf8(
        "{\"error\":{\"code\":400,\"message\":\"m\",\"status\":\"FAILED_PRECONDITION\",\"details\":[]}}")))
        .isEqualTo("FAILED_PRECONDITION");
  }

  @Test
  void status_bodyWithoutAStatusName_isTheOfficialClientsMappingOfTheHttpStatus() {
    assertThat(GoogleApiError.status(503, utf8("<html>Service Unavailable</html>"))).isEqualTo("UNAVAILABLE");
    assertThat(GoogleApiError.status(403, utf8("{\"error\":{\"code\":403,\"status\":\"denied: secret\"}}")))
        .isEqualTo("PERMISSION_DENIED");
    assertThat(GoogleApiError.status(404, new byte[0])).isEqualTo("NOT_FOUND");
  }

  @Test
  void fromHttpStatus_everyClass_matchesGaxHttpJsonStatusCode() {
    assertThat(GoogleApiError.fromHttpStatus(400)).isEqualTo("INVALID_ARGUMENT");
    assertThat(GoogleApiError.fromHttpStatus(401)).isEqualTo("UNAUTHENTICATED");
    assertThat(GoogleApiError.fromHttpStatus(409)).isEqualTo("ABORTED");
    assertThat(GoogleApiError.fromHttpStatus(412)).isEqualTo("FAILED_PRECONDITION");
    assertThat(GoogleApiError.fromHttpStatus(429)).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(GoogleApiError.fromHttpStatus(499)).isEqualTo("CANCELLED");
    assertThat(GoogleApiError.fromHttpStatus(500)).isEqualTo("INTERNAL");
    assertThat(GoogleApiError.fromHttpStatus(502)).isEqualTo("INTERNAL");
    assertThat(GoogleApiError.fromHttpStatus(504)).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(GoogleApiError.fromHttpStatus(302)).isEqualTo("UNKNOWN");
  }

  @Test
  void messageMatches_checksumRejection_isRecognisedWithoutReturningTheMessage() {
    byte[] body = utf8("{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\",\"message\":"
        + "\"The checksum in field ciphertext_crc32c did not match the data in field ciphertext.\"}}");

    assertThat(GoogleApiError.messageMatches(body, GcpErrors::isKmsChecksumRejection)).isTrue();
    assertThat(GoogleApiError.messageMatches(utf8("{\"error\":{\"message\":\"Decryption failed.\"}}"),
        GcpErrors::isKmsChecksumRejection)).isFalse();
    assertThat(GoogleApiError.messageMatches(utf8("not json"), m -> true)).isFalse();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

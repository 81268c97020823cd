package dev.secretfn.testing.gcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MultipartRelatedTest {
  @Test
  void parse_quotedBoundaryAndAPartWithoutHeaders_splitsMetadataAndMedia() throws Exception {
    String body = "--b1\r\nContent-Type: application/json\r\n\r\n{\"name\":\"o\"}\r\n"
        + "--b1\r\n\r\nline1\r\nline2\r\n--b1--\r\n";

    MultipartRelated parts = MultipartRelated.parse("multipart/related; boundary=\"b1\"", body.getBytes(UTF_8));

    assertThat(new String(parts.metadata(), UTF_8)).isEqualTo("{\"name\":\"o\"}");
    assertThat(new String(parts.media(), UTF_8)).isEqualTo("line1\r\nline2");
    assertThat(parts.mediaContentType()).isEqualTo("application/octet-stream");
  }

  @Test
  void parse_malformedBodies_rejectedWithAReason() {
    assertThatThrownBy(() -> MultipartRelated.parse("application/json", new byte[0]))
        .isInstanceOf(MultipartRelated.MalformedMultipartException.class).hasMessageContaining("boundary");
    assertThatThrownBy(() -> MultipartRelated.parse("multipart/related; boundary=x",
        "--x\r\n\r\nonly\r\n--x--".getBytes(UTF_8))).hasMessageContaining("got 1");
    assertThatThrownBy(() -> MultipartRelated.parse("multipart/related; boundary=x",
        "--x\r\n\r\nunterminated".getBytes(UTF_8))).hasMessageContaining("not closed");
    assertThatThrownBy(() -> MultipartRelated.parse("multipart/related; boundary=x", "nothing".getBytes(UTF_8)))
        .hasMessageContaining("does not occur");
  }
}

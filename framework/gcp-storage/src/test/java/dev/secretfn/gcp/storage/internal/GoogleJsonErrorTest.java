package dev.secretfn.gcp.storage.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reason of a Cloud Storage JSON error, as the service writes it, and nothing from anything else. */
class GoogleJsonErrorTest {
  @Test
  void reason_jsonApiError_isTheFirstEntrysReason() {
    String body = "{\"error\":{\"code\":404,\"message\":\"No such object: b/o\",\"errors\":[{\"message\":"
        + "\"No such object: b/o\",\"domain\":\"global\",\"reason\":\"notFound\"},{\"reason\":\"other\"}]}}";

    assertThat(GoogleJsonError.reason(body.getBytes(UTF_8))).contains("notFound");
  }

  @Test
  void reason_stringsHoldingBracesAndEscapes_areSteppedOver() {
    String body = "{\"error\":{\"errors\" : [ {\"message\":\"a } ] \\\" { [\",\"extra\":{\"x\":[1,{}]},"
        + "\"reason\":\"rateLimitExceeded\"}]}}";

    assertThat(GoogleJsonError.reason(body.getBytes(UTF_8))).contains("rateLimitExceeded");
  }

  @Test
  void reason_notAJsonErrorOrWithoutReason_isEmpty() {
    String[] bodies = {"<html><body>502 Bad Gateway</body></html>", "", "{\"error\":{\"code\":500}}",
        "{\"error\":{\"errors\":[]}}", "{\"error\":{\"errors\":[\"text\"]}}", "{\"error\":\"denied\"}",
        "{\"error\":{\"errors\":[{\"reason\":7}]}}", "{\"error\":{\"errors\":[{\"reason\":\"x\"}]}", "[]"};

    for (String body : bodies) {
      assertThat(GoogleJsonError.reason(body.getBytes(UTF_8))).as(body).isEmpty();
    }
  }
}

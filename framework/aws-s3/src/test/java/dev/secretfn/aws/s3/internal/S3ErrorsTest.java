package dev.secretfn.aws.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** S3's error format as the classifier and the XML reader take it, including answers that are not S3's. */
class S3ErrorsTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void code_s3ErrorXml_theCode() {
    byte[] body = utf8("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The"
        + " specified key does not exist.</Message><Key>a/&lt;Code&gt;b</Key><RequestId>R</RequestId></Error>");

    assertThat(S3Xml.code(body)).isEqualTo("NoSuchKey");
  }

  @Test
  void code_notS3sXml_empty() {
    assertThat(S3Xml.code(new byte[0])).isEmpty();
    assertThat(S3Xml.code(utf8("<html><body><h1>502 Bad Gateway</h1></body></html>"))).isEmpty();
    assertThat(S3Xml.code(utf8("<Error><Code>Not A Code <script></Code></Error>"))).isEmpty();
    assertThat(S3Xml.code(utf8("<Error><Code>Unclosed"))).isEmpty();
  }

  @Test
  void region_authorizationHeaderMalformed_theRegionElement_validatedAsARegionName() {
    byte[] body = utf8("<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is"
        + " malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region>"
        + "<RequestId>R</RequestId></Error>");

    assertThat(S3Xml.region(body)).hasValue("eu-west-1");
    assertThat(S3Xml.region(utf8("<Error><Region>evil.example/x</Region></Error>"))).isEmpty();
  }

  @Test
  void of_withoutACode_statusOnly() {
    SourceException e = S3Errors.of(502, "", "s3://b/k");

    assertThat(e.getMessage()).isEqualTo("S3 answered 502 for s3://b/k");
    assertThat(e.isRetryable()).isTrue();
  }

  @Test
  void of_throttlingCodeOnA4xx_retryable() {
    assertThat(S3Errors.of(400, "RequestLimitExceeded", "s3://b/k").isRetryable()).isTrue();
    assertThat(S3Errors.of(429, "", "s3://b/k").isRetryable()).isTrue();
    assertThat(S3Errors.of(400, "InvalidRequest", "s3://b/k").isRetryable()).isFalse();
  }

  @Test
  void of_redirectLeftOver_permanentAtFetch() {
    SourceException e = S3Errors.of(301, "PermanentRedirect", "s3://b/k");

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.step()).isEqualTo(Step.FETCH);
  }
}

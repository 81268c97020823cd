package dev.secretfn.aws.s3.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.aws.S3Emulator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** How the lean transport reads S3's error answers and the failures of the exchange, against the emulator. */
class LeanS3ErrorsTest {
  private static final String BUCKET = "secretfn-errors";
  private static final String KEY = "app/db.txt";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX = 64;

  private S3Emulator s3;
  private LeanS3Transport transport;

  @BeforeEach
  void start() {
    s3 = S3Emulator.start();
    s3.putObject(BUCKET, KEY, "s3cr3t".getBytes(UTF_8));
    transport = new LeanS3Transport(
        S3Endpoints.of(Optional.empty(), Environment.of(Map.of("AWS_ENDPOINT_URL_S3", s3.endpoint()))),
        new AwsRequestSigner(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"))),
        "us-east-1");
  }

  @AfterEach
  void stop() {
    s3.close();
  }

  private static S3Object object(String bucket, String key, Optional<String> versionId) {
    return new S3Object(bucket, key, versionId, Optional.empty());
  }

  private SourceException fails(S3Object object, int max) throws InterruptedException {
    try {
      byte[] content = transport.getObject(object, max, TIMEOUT);
      Arrays.fill(content, (byte) 0);
    } catch (SourceException e) {
      return e;
    }
    throw new AssertionError("the read succeeded");
  }

  private SourceException fails() throws InterruptedException {
    return fails(object(BUCKET, KEY, Optional.empty()), MAX);
  }

  @ParameterizedTest(name = "failNext {0}: {1} {2}")
  @CsvSource({
      "400, 400 InvalidRequest, false",
      "401, 403 InvalidAccessKeyId, false",
      "403, 403 AccessDenied, false",
      "404, 404 NoSuchKey, false",
      "409, 409 OperationAborted, false",
      "412, 412 PreconditionFailed, false",
      "429, 503 SlowDown, true",
      "500, 500 InternalError, true",
      "501, 501 NotImplemented, false",
      "503, 503 SlowDown, true",
      "504, 503 ServiceUnavailable, true"})
  void getObject_errorAnswer_classifiedByStatusAndCode(int fault, String answered, boolean retryable)
      throws Exception {
    s3.knobs().failNext(1, fault);

    SourceException e = fails();

    assertThat(e.getMessage()).startsWith("S3 answered " + answered + " for s3://" + BUCKET + "/" + KEY);
    assertThat(e.isRetryable()).isEqualTo(retryable);
    assertThat(e.step()).isEqualTo(Step.FETCH);
    assertThat(s3.requests()).hasSize(1);
  }

  @Test
  void getObject_denied_permanentWithTheRoleToGrant() throws Exception {
    s3.knobs().deny(BUCKET + "/" + KEY);

    SourceException e = fails();

    assertThat(e.getMessage()).isEqualTo("S3 answered 403 AccessDenied for s3://" + BUCKET + "/" + KEY);
    assertThat(e.hint()).hasValue("allow s3:GetObject (and s3:GetObjectVersion for a version pin) on the object to"
        + " the function's role");
  }

  @Test
  void getObject_missingKeyBucketOrVersion_404WithTheUploadHint() throws Exception {
    SourceException key = fails(object(BUCKET, "no-such-key", Optional.empty()), MAX);
    SourceException bucket = fails(object("no-such-bucket", KEY, Optional.empty()), MAX);
    SourceException version = fails(object(BUCKET, KEY, Optional.of("A".repeat(32))), MAX);

    assertThat(key.getMessage()).isEqualTo("S3 answered 404 NoSuchKey for s3://" + BUCKET
        + "/no-such-key: no such bucket, key or version");
    assertThat(bucket.getMessage()).startsWith("S3 answered 404 NoSuchBucket for s3://no-such-bucket/");
    assertThat(version.getMessage()).startsWith("S3 answered 404 NoSuchVersion for s3://" + BUCKET + "/" + KEY
        + "?versionId=");
    assertThat(key.hint()).hasValue("upload the object, or fix the bucket, key or versionId");
    assertThat(key.isRetryable() || bucket.isRetryable() || version.isRetryable()).isFalse();
  }

  @Test
  void getObject_malformedVersionId_permanent400InvalidArgument() throws Exception {
    SourceException e = fails(object(BUCKET, KEY, Optional.of("not+a/valid=id")), MAX);

    assertThat(e.getMessage()).startsWith("S3 answered 400 InvalidArgument for");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void getObject_contentAtTheLimit_readWhole_oneByteOver_failsAtDecode() throws Exception {
    s3.putObject(BUCKET, "at-limit", new byte[MAX]);
    s3.putObject(BUCKET, "over-limit", new byte[MAX + 1]);

    assertThat(transport.getObject(object(BUCKET, "at-limit", Optional.empty()), MAX, TIMEOUT)).hasSize(MAX);
    SourceException e = fails(object(BUCKET, "over-limit", Optional.empty()), MAX);

    assertThat(e.step()).isEqualTo(Step.DECODE);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).isEqualTo("s3://" + BUCKET + "/over-limit is larger than the 64-byte limit");
    assertThat(e.hint()).get().asString().contains("AwsSettings.maxObjectBytes");
  }

  @Test
  void getObject_farOverTheLimit_failsAtDecodeWithoutReadingIt() throws Exception {
    s3.putObject(BUCKET, "big", new byte[4 * 1024 * 1024]);

    SourceException e = fails(object(BUCKET, "big", Optional.empty()), 16 * 1024);

    assertThat(e.getMessage()).isEqualTo("s3://" + BUCKET + "/big is larger than the 16384-byte limit");
  }

  @Test
  void getObject_errorAnswerLongerThanASmallLimit_stillReadAsTheError() throws Exception {
    String longKey = "k".repeat(1000); // S3 quotes the key in NoSuchKey's XML

    SourceException e = fails(object(BUCKET, longKey, Optional.empty()), 8);

    assertThat(e.getMessage()).startsWith("S3 answered 404 NoSuchKey");
  }

  @Test
  void getObject_answerCutOffMidBody_retryableNeverPartOfTheContent() throws Exception {
    s3.knobs().truncateNext(1);

    SourceException e = fails();

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.step()).isEqualTo(Step.FETCH);
    assertThat(e.getMessage()).isEqualTo("the answer for s3://" + BUCKET + "/" + KEY
        + " ended after 3 of its 6 bytes (connection cut mid-answer)");
  }

  @Test
  void getObject_connectionDroppedTwice_retryable() throws Exception {
    s3.knobs().resetNext(2); // the JDK resends a GET once by itself

    SourceException e = fails();

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).startsWith("calling AWS for s3://" + BUCKET + "/" + KEY + " failed: ");
  }

  @Test
  void getObject_slowerThanTheTimeout_retryableTimeout() throws Exception {
    s3.knobs().latency(Duration.ofSeconds(2));

    SourceException e;
    try {
      transport.getObject(object(BUCKET, KEY, Optional.empty()), MAX, Duration.ofMillis(300));
      throw new AssertionError("the read succeeded");
    } catch (SourceException caught) {
      e = caught;
    }

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).isEqualTo("AWS did not answer for s3://" + BUCKET + "/" + KEY
        + " within the time left before the start-up deadline");
  }

  @Test
  void getObject_checksumCorruptedInTransit_retryableAtVerify() throws Exception {
    s3.knobs().corruptNextChecksum(1);

    SourceException e = fails();

    assertThat(e.step()).isEqualTo(Step.VERIFY);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).isEqualTo("the response for s3://" + BUCKET + "/" + KEY
        + " failed the integrity check (x-amz-checksum-crc32 mismatch: corrupted in transit)");
    assertThat(new String(transport.getObject(object(BUCKET, KEY, Optional.empty()), MAX, TIMEOUT), UTF_8))
        .isEqualTo("s3cr3t");
  }
}

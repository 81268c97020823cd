package dev.secretfn.testing.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The S3 REST API, path style, spoken by hand with java.net.http. */
class S3EmulatorWireTest {
  private static final byte[] CONTENT = "{\"password\":\"p\u00e4ss\"}".getBytes(UTF_8);
  /** SHA-256 of the empty body. */
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private S3Emulator s3;
  private WireClient http;

  @BeforeEach
  void start() {
    s3 = S3Emulator.start();
    http = new WireClient(s3.endpoint());
  }

  @AfterEach
  void stop() {
    s3.close();
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String code) {
    String xml = WireClient.text(response);
    assertThat(response.statusCode()).as(xml).isEqualTo(status);
    assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>")
        .contains("<RequestId>").endsWith("</HostId></Error>");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/xml");
    assertThat(response.headers().firstValue("x-amz-request-id")).isPresent();
  }

  private static byte[] md5(byte[] data) throws Exception {
    return MessageDigest.getInstance("MD5").digest(data);
  }

  @Test
  void get_currentVersion_withS3sHeaders() throws Exception {
    String versionId = s3.putObject("secrets", "app/db.json", CONTENT);

    HttpResponse<byte[]> response = http.get("/secrets/app/db.json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(CONTENT);
    assertThat(response.headers().firstValue("ETag")).hasValue("\"" + HexFormat.of().formatHex(md5(CONTENT)) + "\"");
    assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(CONTENT.length));
    assertThat(response.headers().firstValue("Content-Type")).hasValue("binary/octet-stream");
    assertThat(response.headers().firstValue("x-amz-version-id")).hasValue(versionId);
    assertThat(response.headers().firstValue("Last-Modified")).get().asString().endsWith(" GMT");
    assertThat(response.headers().firstValue("x-amz-checksum-crc32")).isEmpty();
    assertThat(versionId).matches("[A-Za-z0-9._]{32}");
  }

  private static String authorization(String region) {
    return "AWS4-HMAC-SHA256 Credential=AKID/20260101/" + region + "/s3/aws4_request, SignedHeaders=host,"
        + " Signature=00";
  }

  @Test
  void get_signedWithoutOrWithAWrongContentSha256_refusedAsS3Does() throws Exception {
    s3.putObject("secrets", "k", CONTENT);

    assertError(http.get("/secrets/k", "Authorization", authorization("us-east-1")), 400, "InvalidRequest");
    assertError(http.get("/secrets/k", "Authorization", authorization("us-east-1"),
        "x-amz-content-sha256", "0".repeat(64)), 400, "XAmzContentSHA256Mismatch");
    assertThat(http.get("/secrets/k", "Authorization", authorization("us-east-1"),
        "x-amz-content-sha256", EMPTY_SHA256).statusCode()).isEqualTo(200);
    assertThat(http.get("/secrets/k", "Authorization", authorization("us-east-1"),
        "x-amz-content-sha256", "UNSIGNED-PAYLOAD").statusCode()).isEqualTo(200);
    assertThat(http.get("/secrets/k").statusCode()).as("unsigned").isEqualTo(200);
  }

  @Test
  void get_bucketInAnotherRegion_301PermanentRedirectNamingItsRegion() throws Exception {
    s3.createBucket("far", "eu-west-1");
    s3.putObject("far", "k", CONTENT);

    HttpResponse<byte[]> wrong = http.get("/far/k", "Authorization", authorization("us-east-1"),
        "x-amz-content-sha256", EMPTY_SHA256);
    HttpResponse<byte[]> right = http.get("/far/k", "Authorization", authorization("eu-west-1"),
        "x-amz-content-sha256", EMPTY_SHA256);

    assertError(wrong, 301, "PermanentRedirect");
    assertThat(wrong.headers().firstValue("x-amz-bucket-region")).hasValue("eu-west-1");
    assertThat(WireClient.text(wrong)).contains("<Endpoint>s3.eu-west-1.amazonaws.com</Endpoint><Bucket>far</Bucket>");
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(http.get("/far/k").statusCode()).as("unsigned").isEqualTo(200);
  }

  @Test
  void get_bucketInAnotherRegion_or400AuthorizationHeaderMalformed() throws Exception {
    s3.createBucket("far", "eu-west-1");
    s3.answerWrongRegionWith(400);

    HttpResponse<byte[]> wrong = http.get("/far/k", "Authorization", authorization("us-east-1"),
        "x-amz-content-sha256", EMPTY_SHA256);

    assertError(wrong, 400, "AuthorizationHeaderMalformed");
    assertThat(wrong.headers().firstValue("x-amz-bucket-region")).hasValue("eu-west-1");
    assertThat(WireClient.text(wrong)).contains("the region 'us-east-1' is wrong; expecting 'eu-west-1'",
        "<Region>eu-west-1</Region>");
    assertThatThrownBy(() -> s3.answerWrongRegionWith(307)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void get_pinnedVersions_allKept() throws Exception {
    String v1 = s3.putObject("secrets", "k", "one".getBytes(UTF_8));
    String v2 = s3.putObject("secrets", "k", "two".getBytes(UTF_8));

    assertThat(WireClient.text(http.get("/secrets/k?versionId=" + v1))).isEqualTo("one");
    assertThat(WireClient.text(http.get("/secrets/k?versionId=" + v2))).isEqualTo("two");
    assertThat(WireClient.text(http.get("/secrets/k"))).isEqualTo("two");
    assertThat(http.get("/secrets/k?versionId=" + v1).headers().firstValue("x-amz-version-id")).hasValue(v1);
  }

  @Test
  void get_keyIsPercentDecoded_slashesKept() throws Exception {
    s3.putObject("secrets", "a b/c+d%e/\u00fc", CONTENT);

    assertThat(http.get("/secrets/a%20b/c%2Bd%25e/%C3%BC").body()).isEqualTo(CONTENT);
    assertThat(http.get("/secrets/a%20b/c+d%25e/%C3%BC").body()).isEqualTo(CONTENT); // '+' is itself in a path
  }

  @Test
  void head_headersWithoutBody_andTheObjectsLength() throws Exception {
    String versionId = s3.putObject("secrets", "k", CONTENT);

    HttpResponse<byte[]> response = http.send("HEAD", "/secrets/k", new byte[0]);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(CONTENT.length));
    assertThat(response.headers().firstValue("x-amz-version-id")).hasValue(versionId);
    assertThat(http.send("HEAD", "/secrets/missing", new byte[0]).statusCode()).isEqualTo(404);
    assertThat(http.send("HEAD", "/secrets/missing", new byte[0]).body()).isEmpty();
  }

  @Test
  void appendMd5_bodyFollowedByTheContentsMd5() throws Exception {
    s3.putObject("secrets", "k", CONTENT);

    HttpResponse<byte[]> response = http.get("/secrets/k", "x-amz-te", "append-md5");

    assertThat(response.headers().firstValue("x-amz-transfer-encoding")).hasValue("append-md5");
    assertThat(response.body()).hasSize(CONTENT.length + 16);
    assertThat(Arrays.copyOf(response.body(), CONTENT.length)).isEqualTo(CONTENT);
    assertThat(Arrays.copyOfRange(response.body(), CONTENT.length, CONTENT.length + 16)).isEqualTo(md5(CONTENT));
  }

  @Test
  void checksumMode_crc32OfTheWholeObject_andNoAppendedMd5() throws Exception {
    s3.putObject("secrets", "k", "hello".getBytes(UTF_8));

    HttpResponse<byte[]> response =
        http.get("/secrets/k", "x-amz-checksum-mode", "ENABLED", "x-amz-te", "append-md5");

    // CRC32("hello") = 0x3610a686, big-endian, base64.
    assertThat(response.headers().firstValue("x-amz-checksum-crc32")).hasValue("NhCmhg==");
    assertThat(response.headers().firstValue("x-amz-checksum-type")).hasValue("FULL_OBJECT");
    assertThat(response.headers().firstValue("x-amz-transfer-encoding")).isEmpty();
    assertThat(WireClient.text(response)).isEqualTo("hello");
  }

  @Test
  void corruptNextChecksum_corruptsTheChecksumNotTheContent() throws Exception {
    s3.putObject("secrets", "k", "hello".getBytes(UTF_8));
    s3.knobs().corruptNextChecksum(2);

    HttpResponse<byte[]> crc = http.get("/secrets/k", "x-amz-checksum-mode", "ENABLED");
    HttpResponse<byte[]> md5 = http.get("/secrets/k", "x-amz-te", "append-md5");
    HttpResponse<byte[]> clean = http.get("/secrets/k", "x-amz-checksum-mode", "ENABLED");

    assertThat(crc.headers().firstValue("x-amz-checksum-crc32")).get().isNotEqualTo("NhCmhg==");
    assertThat(WireClient.text(crc)).isEqualTo("hello");
    assertThat(Arrays.copyOfRange(md5.body(), 5, 21)).isNotEqualTo(md5("hello".getBytes(UTF_8)));
    assertThat(Arrays.copyOf(md5.body(), 5)).isEqualTo("hello".getBytes(UTF_8));
    assertThat(clean.headers().firstValue("x-amz-checksum-crc32")).hasValue("NhCmhg==");
  }

  @Test
  void errors_noSuchBucketKeyVersion_invalidVersionId() throws Exception {
    String v1 = s3.putObject("secrets", "k", CONTENT);

    HttpResponse<byte[]> noBucket = http.get("/other/k");
    assertError(noBucket, 404, "NoSuchBucket");
    assertThat(WireClient.text(noBucket)).contains("<BucketName>other</BucketName>");
    HttpResponse<byte[]> noKey = http.get("/secrets/missing/key");
    assertError(noKey, 404, "NoSuchKey");
    assertThat(WireClient.text(noKey)).contains("<Key>missing/key</Key>");
    String unknownVersion = v1.substring(1) + (v1.charAt(0) == 'a' ? 'b' : 'a');
    HttpResponse<byte[]> noVersion = http.get("/secrets/k?versionId=" + unknownVersion);
    assertError(noVersion, 404, "NoSuchVersion");
    assertThat(WireClient.text(noVersion)).contains("<VersionId>" + unknownVersion + "</VersionId>");
    assertError(http.get("/secrets/k?versionId=bad%2Fid"), 400, "InvalidArgument");
    assertError(http.get("/secrets/missing?versionId=" + v1), 404, "NoSuchVersion");
  }

  @Test
  void unsupportedRequests_answeredWithS3Errors() throws Exception {
    s3.createBucket("secrets");

    assertError(http.get("/secrets"), 501, "NotImplemented");
    assertError(http.get("/"), 400, "InvalidRequest");
    assertError(http.send("DELETE", "/secrets/k", new byte[0]), 405, "MethodNotAllowed");
  }

  @Test
  void put_plainBody_intoExistingBucketOnly() throws Exception {
    s3.createBucket("secrets");

    HttpResponse<byte[]> put = http.send("PUT", "/secrets/k", CONTENT, "Content-Type", "application/json",
        "Content-MD5", Base64.getEncoder().encodeToString(md5(CONTENT)));
    HttpResponse<byte[]> get = http.get("/secrets/k");

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.headers().firstValue("x-amz-version-id")).isPresent();
    assertThat(get.body()).isEqualTo(CONTENT);
    assertThat(get.headers().firstValue("Content-Type")).hasValue("application/json");
    assertError(http.send("PUT", "/nobucket/k", CONTENT), 404, "NoSuchBucket");
    assertError(http.send("PUT", "/secrets/k", CONTENT, "Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA=="), 400,
        "BadDigest");
    assertError(http.send("PUT", "/secrets/k", CONTENT, "x-amz-checksum-crc32", "AAAAAA=="), 400, "BadDigest");
  }

  @Test
  void put_awsChunkedWithTrailingChecksum_decodedAndVerified() throws Exception {
    s3.createBucket("secrets");
    String good = "5;chunk-signature=abc\r\nhello\r\n0;chunk-signature=def\r\n"
        + "x-amz-checksum-crc32:NhCmhg==\r\nx-amz-trailer-signature:123\r\n\r\n";
    String bad = good.replace("NhCmhg==", "AAAAAA==");

    HttpResponse<byte[]> put = http.send("PUT", "/secrets/k", good.getBytes(UTF_8), "Content-Encoding", "aws-chunked",
        "x-amz-decoded-content-length", "5");

    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(put.headers().firstValue("x-amz-checksum-crc32")).hasValue("NhCmhg==");
    assertThat(WireClient.text(http.get("/secrets/k"))).isEqualTo("hello");
    assertError(http.send("PUT", "/secrets/k", bad.getBytes(UTF_8), "Content-Encoding", "aws-chunked"), 400,
        "BadDigest");
    assertError(http.send("PUT", "/secrets/k", "zz\r\nhello".getBytes(UTF_8), "Content-Encoding", "aws-chunked"), 400,
        "IncompleteBody");
  }

  @Test
  void deny_accessDeniedByBucketKeyPrefix_beforeLookingUp() throws Exception {
    s3.putObject("secrets", "private/k", CONTENT);
    s3.putObject("secrets", "public/k", CONTENT);
    s3.knobs().deny("secrets/private/");

    assertError(http.get("/secrets/private/k"), 403, "AccessDenied");
    assertError(http.get("/secrets/private/missing"), 403, "AccessDenied");
    assertThat(http.get("/secrets/public/k").statusCode()).isEqualTo(200);
  }

  @Test
  void failNext_answersTheS3ErrorForEachStatus() throws Exception {
    s3.putObject("secrets", "k", CONTENT);
    Object[][] expected = {
      {400, 400, "InvalidRequest"}, {401, 403, "InvalidAccessKeyId"}, {403, 403, "AccessDenied"},
      {404, 404, "NoSuchKey"}, {409, 409, "OperationAborted"}, {412, 412, "PreconditionFailed"},
      {429, 503, "SlowDown"}, {500, 500, "InternalError"}, {501, 501, "NotImplemented"}, {503, 503, "SlowDown"},
      {504, 503, "ServiceUnavailable"},
    };
    for (Object[] row : expected) {
      s3.knobs().failNext(1, (Integer) row[0]);
      assertError(http.get("/secrets/k"), (Integer) row[1], (String) row[2]);
    }
    assertThat(http.get("/secrets/k").statusCode()).isEqualTo(200);
  }

  @Test
  void resetNextAndLatency() throws Exception {
    s3.putObject("secrets", "k", CONTENT);
    s3.knobs().resetNext(1);
    assertThatThrownBy(() -> http.send("PUT", "/secrets/k", CONTENT)).isInstanceOf(IOException.class);

    s3.knobs().latency(Duration.ofMillis(300));
    long start = System.nanoTime();
    assertThat(new WireClient(s3.endpoint()).get("/secrets/k").statusCode()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
  }

  @Test
  void helpers_validateNames() {
    s3.putObject("secrets", "k", CONTENT);

    assertThatThrownBy(() -> s3.createBucket("Bad_Bucket")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a bucket name");
    assertThatThrownBy(() -> s3.putObject("secrets", "", CONTENT)).isInstanceOf(IllegalArgumentException.class);
    assertThat(s3.toString()).contains("1 buckets, 1 objects");
  }

  @Test
  void helpers_storedContentIsACopy() throws Exception {
    byte[] content = "x".getBytes(UTF_8);
    s3.putObject("secrets", "k", content);
    content[0] = 'y';

    assertThat(WireClient.text(http.get("/secrets/k"))).isEqualTo("x");
  }
}

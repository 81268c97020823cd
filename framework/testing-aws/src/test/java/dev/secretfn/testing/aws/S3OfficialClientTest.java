package dev.secretfn.testing.aws;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.secretfn.testing.emulator.RecordedRequest;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The AWS SDK v2 S3Client (2.57.8, URL connection HTTP client, path style), unchanged but for its endpoint. */
class S3OfficialClientTest {
  private static final String KEY = "app/db credentials+v1.json";
  private static final byte[] CONTENT = "{\"user\":\"app\",\"password\":\"p\u00e4ss\"}".getBytes(UTF_8);

  private S3Emulator s3;
  private S3Client client;

  @BeforeEach
  void start() {
    s3 = S3Emulator.start();
    client = AwsClients.s3(s3.endpoint(), false);
  }

  @AfterEach
  void stop() {
    client.close();
    s3.close();
  }

  @Test
  void getObject_currentAndPinnedVersions() {
    String v1 = s3.putObject("secrets", KEY, CONTENT);
    String v2 = s3.putObject("secrets", KEY, "newer".getBytes(UTF_8));

    ResponseBytes<GetObjectResponse> current = client.getObjectAsBytes(r -> r.bucket("secrets").key(KEY));
    ResponseBytes<GetObjectResponse> pinned =
        client.getObjectAsBytes(r -> r.bucket("secrets").key(KEY).versionId(v1));

    assertThat(current.asUtf8String()).isEqualTo("newer");
    assertThat(current.response().versionId()).isEqualTo(v2);
    assertThat(pinned.asByteArray()).isEqualTo(CONTENT);
    assertThat(pinned.response().versionId()).isEqualTo(v1);
    assertThat(pinned.response().contentLength()).isEqualTo(CONTENT.length); // the appended MD5 is stripped
    assertThat(pinned.response().eTag()).matches("\"[0-9a-f]{32}\"");
  }

  @Test
  void wire_whatTheSdkSendsForGetObject() {
    String v1 = s3.putObject("secrets", KEY, CONTENT);

    client.getObjectAsBytes(r -> r.bucket("secrets").key(KEY).versionId(v1));

    RecordedRequest request = s3.requests().get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/secrets/app/db%20credentials%2Bv1.json");
    assertThat(request.query()).isEqualTo("versionId=" + v1);
    // Not x-amz-checksum-mode: for a regular bucket the SDK asks for the legacy appended MD5 and validates it.
    assertThat(request.header("x-amz-te")).hasValue("append-md5");
    assertThat(request.header("x-amz-checksum-mode")).isEmpty();
    assertThat(request.header("x-amz-content-sha256")).hasValue("UNSIGNED-PAYLOAD");
    assertThat(request.header("Authorization")).get().asString().contains("/us-east-1/s3/aws4_request");
  }

  @Test
  void requireSignatures_sdksSignedGetAndStreamingPutAccepted_otherKeysRefused() {
    s3.requireSignatures("AKIDEXAMPLE", "not-a-secret"); // AwsClients' credentials
    s3.createBucket("secrets");

    client.putObject(r -> r.bucket("secrets").key(KEY), RequestBody.fromBytes(CONTENT));
    assertThat(client.getObjectAsBytes(r -> r.bucket("secrets").key(KEY)).asByteArray()).isEqualTo(CONTENT);

    try (S3Client stranger = S3Client.builder()
        .endpointOverride(URI.create(s3.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "other")))
        .httpClient(UrlConnectionHttpClient.create())
        .forcePathStyle(true)
        .build()) {
      S3Exception refused = catchThrowableOfType(S3Exception.class,
          () -> stranger.getObjectAsBytes(r -> r.bucket("secrets").key(KEY)));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
    }
  }

  @Test
  void headObject_metadataOnly() {
    String v1 = s3.putObject("secrets", KEY, CONTENT);

    HeadObjectResponse head = client.headObject(r -> r.bucket("secrets").key(KEY));

    assertThat(head.contentLength()).isEqualTo(CONTENT.length);
    assertThat(head.versionId()).isEqualTo(v1);
    assertThat(s3.requests().get(0).method()).isEqualTo("HEAD");
  }

  @Test
  void missingKeyBucketOrVersion_typedExceptions() {
    String v1 = s3.putObject("secrets", KEY, CONTENT);
    String unknown = v1.substring(1) + (v1.charAt(0) == 'a' ? 'b' : 'a');

    NoSuchKeyException noKey = catchThrowableOfType(NoSuchKeyException.class,
        () -> client.getObjectAsBytes(r -> r.bucket("secrets").key("missing")));
    assertThat(noKey.statusCode()).isEqualTo(404);
    assertThat(noKey.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
    assertThat(noKey.requestId()).isNotBlank();
    assertThatThrownBy(() -> client.headObject(r -> r.bucket("secrets").key("missing")))
        .isInstanceOf(NoSuchKeyException.class);
    assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket("other").key(KEY)))
        .isInstanceOf(NoSuchBucketException.class);
    S3Exception noVersion = catchThrowableOfType(S3Exception.class,
        () -> client.getObjectAsBytes(r -> r.bucket("secrets").key(KEY).versionId(unknown)));
    assertThat(noVersion.awsErrorDetails().errorCode()).isEqualTo("NoSuchVersion");
  }

  @Test
  void deny_s3ExceptionAccessDenied403() {
    s3.putObject("secrets", KEY, CONTENT);
    s3.knobs().deny("secrets/app/");

    S3Exception e = catchThrowableOfType(S3Exception.class,
        () -> client.getObjectAsBytes(r -> r.bucket("secrets").key(KEY)));

    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Access Denied");
  }

  @Test
  void corruptedAppendedMd5_retryableException_retriedByTheDefaultStrategy() {
    s3.putObject("secrets", KEY, CONTENT);
    s3.knobs().corruptNextChecksum(1);

    assertThatThrownBy(() -> client.getObjectAsBytes(r -> r.bucket("secrets").key(KEY)))
        .isInstanceOf(RetryableException.class).hasMessageContaining("different checksum than expected");

    try (S3Client retrying = AwsClients.s3(s3.endpoint(), true)) {
      s3.knobs().corruptNextChecksum(1);
      assertThat(retrying.getObjectAsBytes(r -> r.bucket("secrets").key(KEY)).asByteArray()).isEqualTo(CONTENT);
    }
  }

  @Test
  void checksumModeEnabled_crc32Validated_corruptionNotRetried() {
    s3.putObject("secrets", KEY, CONTENT);

    assertThat(client.getObjectAsBytes(r -> r.bucket("secrets").key(KEY).checksumMode(ChecksumMode.ENABLED))
        .asByteArray()).isEqualTo(CONTENT);
    assertThat(s3.requests().get(0).header("x-amz-checksum-mode")).hasValue("ENABLED");
    assertThat(s3.requests().get(0).header("x-amz-te")).isEmpty();

    try (S3Client retrying = AwsClients.s3(s3.endpoint(), true)) {
      s3.knobs().corruptNextChecksum(1);
      int before = s3.requests().size();
      assertThatThrownBy(() -> retrying.getObjectAsBytes(r -> r.bucket("secrets").key(KEY)
          .checksumMode(ChecksumMode.ENABLED)))
          .isInstanceOf(SdkClientException.class).hasMessageContaining("different checksum than expected");
      assertThat(s3.requests().size() - before).isEqualTo(1);
    }
  }

  @Test
  void putObject_throughTheSdk_awsChunkedWithTrailingCrc32() {
    s3.createBucket("secrets");

    PutObjectResponse put = client.putObject(r -> r.bucket("secrets").key(KEY).contentType("application/json"),
        RequestBody.fromBytes(CONTENT));

    RecordedRequest request = s3.requests().get(0);
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.header("Content-Encoding")).hasValue("aws-chunked");
    assertThat(request.header("x-amz-trailer")).hasValue("x-amz-checksum-crc32");
    assertThat(request.header("x-amz-content-sha256")).hasValue("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
    assertThat(request.header("x-amz-decoded-content-length")).hasValue(String.valueOf(CONTENT.length));
    assertThat(put.versionId()).isNotBlank();
    assertThat(put.checksumCRC32()).isEqualTo(S3Emulator.crc32Base64(CONTENT));
    ResponseBytes<GetObjectResponse> read = client.getObjectAsBytes(r -> r.bucket("secrets").key(KEY));
    assertThat(read.asByteArray()).isEqualTo(CONTENT);
    assertThat(read.response().contentType()).isEqualTo("application/json");
  }

  @Test
  void slowDown_retriedByTheDefaultStrategy() {
    s3.putObject("secrets", KEY, CONTENT);

    try (S3Client retrying = AwsClients.s3(s3.endpoint(), true)) {
      s3.knobs().failNext(1, 503);
      assertThat(retrying.getObjectAsBytes(r -> r.bucket("secrets").key(KEY)).asByteArray()).isEqualTo(CONTENT);
      assertThat(s3.requests()).hasSize(2);
    }
  }
}

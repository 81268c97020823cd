package dev.secretfn.aws.s3.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What the lean transport puts on the wire, as the S3 emulator receives it: path-style GETs through {@code
 * AWS_ENDPOINT_URL_S3} on a loopback address, S3's headers, a signature over exactly the path and query sent
 * (checked by the emulator's own SigV4 code and against the SDK's signer), and a bucket in another region read
 * again once there.
 */
class LeanS3TransportWireTest {
  private static final String BUCKET = "secretfn-wire";
  private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDWIRETEST", "wire-secret");
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX = 64 * 1024;

  private S3Emulator s3;
  private LeanS3Transport transport;

  @BeforeEach
  void start() {
    s3 = S3Emulator.start();
    // The emulator checks each signature with its own SigV4 code, from the path and query it received.
    s3.requireSignatures(CREDENTIALS.accessKeyId(), CREDENTIALS.secretAccessKey());
    s3.createBucket(BUCKET);
    transport = new LeanS3Transport(
        S3Endpoints.of(Optional.empty(), Environment.of(Map.of("AWS_ENDPOINT_URL_S3", s3.endpoint()))),
        new AwsRequestSigner(StaticCredentialsProvider.create(CREDENTIALS)), "us-east-1");
  }

  @AfterEach
  void stop() {
    s3.close();
  }

  private static S3Object object(String bucket, String key) {
    return new S3Object(bucket, key, Optional.empty(), Optional.empty());
  }

  private String read(S3Object object) throws Exception {
    return new String(transport.getObject(object, MAX, TIMEOUT), UTF_8);
  }

  @Test
  void getObject_plainKey_signedPathStyleGetWithS3sHeaders() throws Exception {
    s3.putObject(BUCKET, "app/db.txt", "s3cr3t".getBytes(UTF_8));

    assertThat(read(object(BUCKET, "app/db.txt"))).isEqualTo("s3cr3t");

    RecordedRequest request = s3.requests().get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/" + BUCKET + "/app/db.txt");
    assertThat(request.query()).isEmpty();
    assertThat(request.header("Host")).hasValue(URI.create(s3.endpoint()).getAuthority());
    assertThat(request.header("x-amz-content-sha256")).hasValue(LeanS3Transport.EMPTY_PAYLOAD_SHA256);
    assertThat(request.header("x-amz-checksum-mode")).hasValue("ENABLED");
    assertThat(request.header("x-amz-date")).get().asString().matches("[0-9]{8}T[0-9]{6}Z");
    assertThat(request.header("Authorization")).get().asString()
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDWIRETEST/")
        .contains("/us-east-1/s3/aws4_request",
            "SignedHeaders=host;x-amz-checksum-mode;x-amz-content-sha256;x-amz-date");
    assertThat(request.header("Authorization"))
        .hasValue(SigV4Oracle.authorization(request, CREDENTIALS, "us-east-1"));
    assertThat(request.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"db pass.txt", "a+b=c&d.json", "dir//double", "/leading-slash", "100%", "q?h#s;c:a@b!",
      "\u00fcber/\u65e5\u672c.txt", "emoji \ud83d\ude00", "~tilde_-.", "a/./b/../c"})
  void getObject_keyWithSpecialCharacters_readsItAndSignsThePathSent(String key) throws Exception {
    s3.putObject(BUCKET, key, ("content of " + key).getBytes(UTF_8));

    assertThat(read(object(BUCKET, key))).isEqualTo("content of " + key);

    RecordedRequest request = s3.requests().get(0);
    assertThat(request.path()).isEqualTo("/" + BUCKET + "/" + S3Endpoints.encode(key, true));
    assertThat(request.header("Authorization")).hasValue(SigV4Oracle.authorization(request, CREDENTIALS, "us-east-1"));
  }

  @Test
  void getObject_versionId_readsThatVersionAndSignsTheQuery() throws Exception {
    String v1 = s3.putObject(BUCKET, "k", "one".getBytes(UTF_8));
    s3.putObject(BUCKET, "k", "two".getBytes(UTF_8));

    byte[] content = transport.getObject(new S3Object(BUCKET, "k", Optional.of(v1), Optional.empty()), MAX, TIMEOUT);

    assertThat(new String(content, UTF_8)).isEqualTo("one");
    RecordedRequest request = s3.requests().get(0);
    assertThat(request.query()).isEqualTo("versionId=" + S3Endpoints.encode(v1, false));
    assertThat(request.header("Authorization")).hasValue(SigV4Oracle.authorization(request, CREDENTIALS, "us-east-1"));
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 400})
  void getObject_bucketInAnotherRegion_readAgainOnceThereAndRemembered(int answer) throws Exception {
    s3.createBucket("far-bucket", "eu-west-1");
    s3.answerWrongRegionWith(answer);
    s3.putObject("far-bucket", "one.txt", "first".getBytes(UTF_8));
    s3.putObject("far-bucket", "two.txt", "second".getBytes(UTF_8));

    assertThat(read(object("far-bucket", "one.txt"))).isEqualTo("first");
    assertThat(read(object("far-bucket", "two.txt"))).isEqualTo("second");

    List<RecordedRequest> requests = s3.requests();
    assertThat(requests).extracting(RecordedRequest::path)
        .containsExactly("/far-bucket/one.txt", "/far-bucket/one.txt", "/far-bucket/two.txt");
    assertThat(requests).extracting(r -> r.header("Authorization").orElseThrow().split("/")[2])
        .containsExactly("us-east-1", "eu-west-1", "eu-west-1");
    assertThat(requests.get(1).header("Authorization"))
        .hasValue(SigV4Oracle.authorization(requests.get(1), CREDENTIALS, "eu-west-1"));
  }

  @Test
  void getObject_otherBucketsAfterARedirect_stayInTheFunctionsRegion() throws Exception {
    s3.createBucket("far-bucket", "eu-west-1");
    s3.putObject("far-bucket", "k", "far".getBytes(UTF_8));
    s3.putObject(BUCKET, "k", "near".getBytes(UTF_8));

    read(object("far-bucket", "k"));
    assertThat(read(object(BUCKET, "k"))).isEqualTo("near");

    assertThat(s3.requests().get(2).header("Authorization").orElseThrow()).contains("/us-east-1/s3/");
  }

  @Test
  void create_emulatorOverride_pathStyleDummyCredentialsLoggedOnce() throws Exception {
    s3.requireSignatures("secretfn-emulator", "secretfn-emulator");
    s3.putObject(BUCKET, "k", "v".getBytes(UTF_8));
    try (CanaryAudit audit = CanaryAudit.start()) {
      AwsConfig config = new AwsConfig(AwsSettings.builder().s3Endpoint(URI.create(s3.endpoint())).build(),
          Environment.of(Map.of("AWS_REGION", "eu-central-1")), Duration.ofSeconds(10));

      LeanS3Transport emulated = LeanS3Transport.create(config);
      emulated.getObject(object(BUCKET, "k"), MAX, TIMEOUT);

      assertThat(audit.logged("S3 endpoint overridden to " + s3.endpoint())).isEqualTo(1);
    }
    assertThat(s3.requests().get(0).header("Authorization")).get().asString()
        .contains("Credential=secretfn-emulator/", "/eu-central-1/s3/");
  }

  @Test
  void create_withoutOrWithAMalformedRegion_refusedNamingTheVariable() {
    assertThatThrownBy(() -> LeanS3Transport.create(new AwsConfig(AwsSettings.defaults(),
        Environment.of(Map.of()), TIMEOUT)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("AWS_REGION is not set");
    assertThatThrownBy(() -> LeanS3Transport.create(new AwsConfig(AwsSettings.defaults(),
        Environment.of(Map.of("AWS_REGION", "eu-west-1.evil.example/x")), TIMEOUT)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("AWS_REGION is not an AWS region name");
  }

  @Test
  void getObject_redirectNamingNoUsableRegion_failsPermanentlyWithoutLooping() throws Exception {
    s3.createBucket("far-bucket", "EU_WEST_1");
    s3.putObject("far-bucket", "k", "far".getBytes(UTF_8));

    SourceException e = catchSourceException(object("far-bucket", "k"));

    assertThat(e.getMessage()).contains("S3 answered 301 PermanentRedirect for s3://far-bucket/k");
    assertThat(e.isRetryable()).isFalse();
    assertThat(s3.requests()).hasSize(1);
  }

  private SourceException catchSourceException(S3Object object) throws InterruptedException {
    try {
      transport.getObject(object, MAX, TIMEOUT);
    } catch (SourceException e) {
      return e;
    }
    throw new AssertionError("the read succeeded");
  }
}

package dev.secretfn.aws.s3.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ResolvedSecrets;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.s3.client.Store.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Both transports against an S3 implementation that is not this project's: S3Proxy (jclouds' in-memory blob
 * store) on 127.0.0.1, which checks every request's SigV4 signature with its own code. Objects are written with
 * the AWS SDK and read through the real resolver, so the emulator and the transports cannot share a
 * misunderstanding of the protocol. S3Proxy sends no checksums, so no integrity check runs here.
 */
class S3ProxyTest {
  private static final String BUCKET = "secretfn-s3proxy";
  /** The dummy credentials both transports sign with under secretfn's emulator override. */
  private static final String IDENTITY = "secretfn-emulator";
  private static final List<String> SPECIAL_KEYS = List.of("db pass.txt", "a+b=c&d.json", "dir//double",
      "\u00fcber/\u65e5\u672c.txt", "emoji \ud83d\ude00", "100%", "~tilde_-.", "q;c:a@b!$'()*,");

  private static BlobStoreContext blobs;
  private static S3Proxy proxy;
  private static S3Client writer;

  @BeforeAll
  static void start() throws Exception {
    blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
        .build(BlobStoreContext.class);
    proxy = S3Proxy.builder()
        .blobStore(blobs.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V4, IDENTITY, IDENTITY)
        // Otherwise S3Proxy answers 501 NotImplemented to both transports' integrity headers on reads (the
        // SDK's x-amz-te: append-md5, the lean transport's x-amz-checksum-mode), which it does not serve.
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!proxy.getState().equals("STARTED") && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    writer = S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, IDENTITY)))
        .httpClient(UrlConnectionHttpClient.create())
        // S3Proxy refuses the flexible checksum headers the SDK sends on uploads by default.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .build();
    writer.createBucket(b -> b.bucket(BUCKET));
    put("app/db.txt", "s3cr3t");
    put("app/config.json", "{\"username\":\"orders\",\"password\":\"p\u00e4ss w0rd\"}");
    put("big.bin", "x".repeat(AwsSettings.DEFAULT_MAX_OBJECT_BYTES + 1));
    for (String key : SPECIAL_KEYS) {
      put(key, "content of " + key);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (writer != null) {
      writer.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
    if (blobs != null) {
      blobs.close();
    }
  }

  private static String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  private static void put(String key, String content) {
    writer.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content.getBytes(UTF_8)));
  }

  private static Store open(Transport transport) {
    return transport.open(Map.of("AWS_REGION", "us-east-1",
        AwsSettings.S3_EMULATOR_HOST, endpoint().substring("http://".length())));
  }

  private static ResolvedSecrets resolve(Transport transport, Map<String, String> references) {
    try (Store store = open(transport)) {
      return store.resolve(references);
    }
  }

  private static SecretResolutionException.Failure fails(Transport transport, String reference) {
    try (Store store = open(transport)) {
      store.resolve(Map.of("SECRET", reference));
    } catch (SecretResolutionException e) {
      assertThat(e.failures()).hasSize(1);
      return e.failures().get(0);
    }
    throw new AssertionError("resolving " + reference + " succeeded");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_plainObject_exactContent(Transport transport) {
    assertThat(resolve(transport, Map.of("DB_PASS", "s3://" + BUCKET + "/app/db.txt")).get("DB_PASS").revealString())
        .isEqualTo("s3cr3t");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_jsonFields_bothFromTheObject(Transport transport) {
    ResolvedSecrets secrets = resolve(transport, Map.of(
        "DB_USER", "s3://" + BUCKET + "/app/config.json#username",
        "DB_PASS", "s3://" + BUCKET + "/app/config.json#password"));

    assertThat(secrets.get("DB_USER").revealString()).isEqualTo("orders");
    assertThat(secrets.get("DB_PASS").revealString()).isEqualTo("p\u00e4ss w0rd");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_keysWithSpecialCharacters_signaturesAcceptedAndContentExact(Transport transport) {
    for (String key : SPECIAL_KEYS) {
      String reference = "s3://" + BUCKET + "/" + dev.secretfn.ref.ReferenceRules.percentEncode(key);

      assertThat(resolve(transport, Map.of("SECRET", reference)).get("SECRET").revealString())
          .as(key).isEqualTo("content of " + key);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_missingKey_permanent404WithTheUploadHint(Transport transport) {
    String reference = "s3://" + BUCKET + "/app/missing.txt";

    SecretResolutionException.Failure failure = fails(transport, reference);

    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.cause()).contains("S3 answered 404 NoSuchKey for " + reference);
    assertThat(failure.hint()).get().asString().contains("upload the object");
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_objectOverTheLimit_permanentAtDecode(Transport transport) {
    SecretResolutionException.Failure failure = fails(transport, "s3://" + BUCKET + "/big.bin");

    assertThat(failure.step()).isEqualTo(Step.DECODE);
    assertThat(failure.cause()).contains("is larger than the " + AwsSettings.DEFAULT_MAX_OBJECT_BYTES + "-byte limit");
  }

  /**
   * S3Proxy's in-memory store keeps no versions and serves the current object whatever the versionId: this
   * proves the pinned query is sent and signed as S3Proxy checks it (a version id with '/', '+' and '='); what a
   * pin reads is covered on the project's emulator.
   */
  @ParameterizedTest
  @EnumSource(Transport.class)
  void resolve_versionPin_querySignedAsS3ProxyChecksIt(Transport transport) {
    String reference = "s3://" + BUCKET + "/app/db.txt?versionId=3/L4kqtJl+40_xS=Tm.x";

    assertThat(resolve(transport, Map.of("DB_PASS", reference)).get("DB_PASS").revealString()).isEqualTo("s3cr3t");
  }
}

package dev.secretfn.gcp.storage.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dagger.Lazy;
import dev.secretfn.Environment;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GoogleAuth;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests the lean transport sends, as the Cloud Storage emulator receives them, and what it makes of them. */
class JsonApiTransportWireTest {
  private static final String BUCKET = "secretfn-wire";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** With an emulator endpoint there are no credentials to ask for. */
  private static final Lazy<GoogleAuth> NO_AUTH = () -> {
    throw new AssertionError("credentials were asked for with an emulator endpoint");
  };

  private final CloudStorageEmulator gcs = CloudStorageEmulator.start();
  private final JsonApiTransport transport = transport(GcpSettings.builder()
      .storageEndpoint(URI.create(gcs.endpoint())).build());

  @AfterEach
  void stop() {
    gcs.close();
  }

  private static JsonApiTransport transport(GcpSettings settings) {
    return new JsonApiTransport(new GcpConfig(settings, Environment.of(Map.of()), TIMEOUT), NO_AUTH);
  }

  @Test
  void metadata_nameWithSlashesSpacesAndUnicode_percentEncodesEveryByteButUnreserved() throws Exception {
    String name = "app/db pass/\u00e9\u6f22\ud83d\udd11+@:#?&=~._-.json";
    long generation = gcs.putObject(BUCKET, name, "v".getBytes(UTF_8), Map.of("owner", "team-a"));

    ObjectMetadata metadata = transport.metadata(BUCKET, name, OptionalLong.empty(), "gs://d", TIMEOUT).get();

    RecordedRequest request = only(gcs.requests());
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/storage/v1/b/" + BUCKET + "/o/app%2Fdb%20pass%2F%C3%A9%E6%BC%A2"
        + "%F0%9F%94%91%2B%40%3A%23%3F%26%3D~._-.json");
    assertThat(request.query()).isEmpty();
    assertThat(metadata.generation()).isEqualTo(generation);
    assertThat(metadata.size()).hasValue(1);
    assertThat(metadata.customMetadata("owner")).contains("team-a");
    assertThat(metadata.customMetadata("berglas-secret")).isEmpty();
    assertThat(metadata.contentEncoding()).isEmpty();
  }

  @Test
  void metadata_pinnedGeneration_asksForThatGeneration() throws Exception {
    long old = gcs.putObject(BUCKET, "o", "old".getBytes(UTF_8), Map.of("v", "1"));
    gcs.putObject(BUCKET, "o", "newer".getBytes(UTF_8), Map.of("v", "2"));

    ObjectMetadata metadata = transport.metadata(BUCKET, "o", OptionalLong.of(old), "gs://d", TIMEOUT).get();

    assertThat(only(gcs.requests()).query()).isEqualTo("generation=" + old);
    assertThat(metadata.generation()).isEqualTo(old);
    assertThat(metadata.customMetadata("v")).contains("1");
    assertThat(metadata.size()).hasValue(3);
  }

  @Test
  void metadata_noSuchObjectOrGeneration_isEmpty() throws Exception {
    long generation = gcs.putObject(BUCKET, "o", "v".getBytes(UTF_8));

    assertThat(transport.metadata(BUCKET, "none", OptionalLong.empty(), "gs://d", TIMEOUT)).isEmpty();
    assertThat(transport.metadata(BUCKET, "o", OptionalLong.of(generation + 1), "gs://d", TIMEOUT)).isEmpty();
  }

  @Test
  void metadata_gzipStoredObject_readsItsContentEncoding() throws Exception {
    gcs.putObject(BUCKET, "z", CloudStorageEmulator.gzip("{}".getBytes(UTF_8)), Map.of(), "gzip");

    ObjectMetadata metadata = transport.metadata(BUCKET, "z", OptionalLong.empty(), "gs://d", TIMEOUT).get();

    assertThat(metadata.contentEncoding()).contains("gzip");
  }

  @Test
  void media_anyObject_getsTheDownloadLinkWithARangeToTheLimitAndAcceptsGzip() throws Exception {
    gcs.putObject(BUCKET, "dir/secret.txt", "value".getBytes(UTF_8));

    ObjectMedia media = transport.media(BUCKET, "dir/secret.txt", OptionalLong.empty(), 1024, "gs://d", TIMEOUT);

    RecordedRequest request = only(gcs.requests());
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/download/storage/v1/b/" + BUCKET + "/o/dir%2Fsecret.txt");
    assertThat(request.query()).isEqualTo("alt=media");
    assertThat(request.header("Range")).contains("bytes=0-1024");
    assertThat(request.header("Accept-Encoding")).contains("gzip");
    assertThat(media.bytes()).isEqualTo("value".getBytes(UTF_8));
    assertThat(media.headers().crc32c()).isPresent();
    assertThat(media.headers().contentEncoding()).isEmpty();
  }

  @Test
  void media_pinnedGeneration_readsThatGeneration() throws Exception {
    long old = gcs.putObject(BUCKET, "o", "old".getBytes(UTF_8));
    gcs.putObject(BUCKET, "o", "newer".getBytes(UTF_8));

    ObjectMedia media = transport.media(BUCKET, "o", OptionalLong.of(old), 1024, "gs://d", TIMEOUT);

    assertThat(only(gcs.requests()).query()).isEqualTo("alt=media&generation=" + old);
    assertThat(media.bytes()).isEqualTo("old".getBytes(UTF_8));
  }

  @Test
  void media_objectLargerThanTheLimit_holdsLimitPlusOneBytes() throws Exception {
    gcs.putObject(BUCKET, "big", new byte[5000]);

    ObjectMedia media = transport.media(BUCKET, "big", OptionalLong.empty(), 4096, "gs://d", TIMEOUT);

    assertThat(media.bytes()).hasSize(4097);
  }

  @Test
  void media_gzipStoredObject_arrivesAsStoredWithTheHashOfTheStoredBytes() throws Exception {
    byte[] stored = CloudStorageEmulator.gzip("{\"password\":\"p\"}".getBytes(UTF_8));
    gcs.putObject(BUCKET, "z.json", stored, Map.of(), "gzip");

    ObjectMedia media = transport.media(BUCKET, "z.json", OptionalLong.empty(), 1024, "gs://d", TIMEOUT);

    assertThat(media.bytes()).isEqualTo(stored);
    assertThat(media.headers().contentEncoding()).contains("gzip");
    assertThat(media.headers().storedContentEncoding()).contains("gzip");
    assertThat(media.headers().crc32c()).isPresent();
  }

  @Test
  void media_emptyObject_isEmpty() throws Exception {
    gcs.putObject(BUCKET, "empty", new byte[0]);

    assertThat(transport.media(BUCKET, "empty", OptionalLong.empty(), 1024, "gs://d", TIMEOUT).bytes()).isEmpty();
  }

  @Test
  void everyCall_emulatorEndpoint_sendsNoCredentials() throws Exception {
    gcs.putObject(BUCKET, "o", "v".getBytes(UTF_8));

    transport.metadata(BUCKET, "o", OptionalLong.empty(), "gs://d", TIMEOUT);
    transport.media(BUCKET, "o", OptionalLong.empty(), 1024, "gs://d", TIMEOUT);
    transport.prime(TIMEOUT);

    assertThat(gcs.requests()).hasSize(3).allSatisfy(r -> {
      assertThat(r.header("Authorization")).isEmpty();
      assertThat(r.header("x-goog-user-project")).isEmpty();
    });
  }

  @Test
  void endpoint_noOverride_isCloudStorage() {
    assertThat(transport(GcpSettings.defaults()).endpoint()).isEqualTo(URI.create("https://storage.googleapis.com"));
    assertThat(transport.endpoint()).isEqualTo(URI.create(gcs.endpoint()));
  }

  @Test
  void prime_anyEndpoint_getsTheMetadataOfAnObjectNoOneCanOwnWithoutCredentials() throws Exception {
    transport.prime(TIMEOUT);

    RecordedRequest request = only(gcs.requests());
    assertThat(request.path()).isEqualTo("/storage/v1/b/goog-secretfn-prime/o/secretfn%2Fprime");
    assertThat(request.header("Authorization")).isEmpty();
  }

  @Test
  void prime_serviceFailingOrUnreachable_returnsQuietly() throws Exception {
    gcs.knobs().failNext(1, 503);
    transport.prime(TIMEOUT);
    gcs.knobs().resetNext(2);
    transport.prime(TIMEOUT);
    gcs.close();

    long start = System.nanoTime();
    transport.prime(Duration.ofMillis(400));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  private static RecordedRequest only(List<RecordedRequest> requests) {
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }
}

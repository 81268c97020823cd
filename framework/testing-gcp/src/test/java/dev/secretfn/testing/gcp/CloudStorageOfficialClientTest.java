package dev.secretfn.testing.gcp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** google-cloud-storage over HTTP, unchanged but for its host, against the emulator. */
class CloudStorageOfficialClientTest {
  private static final String BUCKET = "secrets-bucket";
  private static final String NAME = "app/db.json";
  private static final String ENCODED = "app%2Fdb.json";

  private CloudStorageEmulator gcs;
  private Storage storage;

  @BeforeEach
  void start() {
    gcs = CloudStorageEmulator.start();
    storage = StorageOptions.http()
        .setHost(gcs.endpoint())
        .setProjectId("test")
        .setCredentials(NoCredentials.getInstance())
        // The default first retry waits a second; the same policy, faster, keeps the tests quick.
        .setRetrySettings(RetrySettings.newBuilder()
            .setMaxAttempts(3)
            .setInitialRetryDelayDuration(Duration.ofMillis(10))
            .setMaxRetryDelayDuration(Duration.ofMillis(50))
            .setRetryDelayMultiplier(2.0)
            .setTotalTimeoutDuration(Duration.ofSeconds(10))
            .build())
        .build()
        .getService();
  }

  @AfterEach
  void stop() throws Exception {
    storage.close();
    gcs.close();
  }

  @Test
  void readAllBytes_latestAndPinnedGenerations() {
    long first = gcs.putObject(BUCKET, NAME, "v1".getBytes(UTF_8));
    long second = gcs.putObject(BUCKET, NAME, "v2".getBytes(UTF_8));

    assertThat(storage.readAllBytes(BlobId.of(BUCKET, NAME))).isEqualTo("v2".getBytes(UTF_8));
    assertThat(storage.readAllBytes(BlobId.of(BUCKET, NAME, first))).isEqualTo("v1".getBytes(UTF_8));
    assertThat(storage.readAllBytes(BlobId.of(BUCKET, NAME, second))).isEqualTo("v2".getBytes(UTF_8));
  }

  @Test
  void wire_whatReadAllBytesAndGetSend() {
    long generation = gcs.putObject(BUCKET, NAME, "v".getBytes(UTF_8));

    storage.readAllBytes(BlobId.of(BUCKET, NAME));
    storage.readAllBytes(BlobId.of(BUCKET, NAME, generation));
    storage.get(BlobId.of(BUCKET, NAME));

    assertThat(gcs.requests()).extracting(RecordedRequest::method).containsOnly("GET");
    assertThat(gcs.requests()).extracting(r -> r.path() + "?" + r.query()).containsExactly(
        "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media",
        "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media&generation=" + generation,
        "/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?projection=full");
    RecordedRequest read = gcs.requests().get(0);
    assertThat(read.header("Range")).isEmpty();
    assertThat(read.header("User-Agent")).get().asString().startsWith("gcloud-java/");
    assertThat(read.header("x-goog-gcs-idempotency-token")).isPresent();
  }

  @Test
  void get_returnsMetadataGenerationAndChecksums() {
    long generation = gcs.putObject(BUCKET, NAME, "123456789".getBytes(UTF_8), Map.of("berglas-secret", "1"));

    Blob blob = storage.get(BlobId.of(BUCKET, NAME));

    assertThat(blob.getGeneration()).isEqualTo(generation);
    assertThat(blob.getMetageneration()).isEqualTo(1L);
    assertThat(blob.getMetadata()).isEqualTo(Map.of("berglas-secret", "1"));
    assertThat(blob.getSize()).isEqualTo(9L);
    assertThat(blob.getCrc32c()).isEqualTo("4waSgw==");
    assertThat(blob.getMd5()).isNotEmpty();
    assertThat(blob.getContentType()).isEqualTo("application/octet-stream");
    assertThat(blob.getCreateTimeOffsetDateTime().toInstant().toEpochMilli()).isEqualTo(generation / 1000);
    assertThat(blob.getEtag()).isNotEmpty();
  }

  @Test
  void get_pinnedOldGeneration_returnsItsMetadata() {
    long first = gcs.putObject(BUCKET, NAME, "v1".getBytes(UTF_8), Map.of("rev", "1"));
    gcs.putObject(BUCKET, NAME, "v2".getBytes(UTF_8), Map.of("rev", "2"));

    Blob blob = storage.get(BlobId.of(BUCKET, NAME, first));

    assertThat(blob.getGeneration()).isEqualTo(first);
    assertThat(blob.getMetadata()).containsEntry("rev", "1");
  }

  @Test
  void get_missingObjectOrGeneration_returnsNull() {
    long generation = gcs.putObject(BUCKET, NAME, "v".getBytes(UTF_8));

    assertThat(storage.get(BlobId.of(BUCKET, "missing"))).isNull();
    assertThat(storage.get(BlobId.of(BUCKET, NAME, generation + 1))).isNull();
  }

  @Test
  void readAllBytes_missingObject_storageException404() {
    gcs.createBucket(BUCKET);

    assertThatThrownBy(() -> storage.readAllBytes(BlobId.of(BUCKET, "missing")))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(404))
        .hasMessageContaining("No such object: " + BUCKET + "/missing");
  }

  @Test
  void readAllBytesAndGet_denied_storageException403NamingThePermission() {
    gcs.putObject(BUCKET, NAME, "v".getBytes(UTF_8));
    gcs.knobs().deny(BUCKET + "/app/");

    assertThatThrownBy(() -> storage.readAllBytes(BlobId.of(BUCKET, NAME)))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(403))
        .hasMessageContaining("storage.objects.get");
    assertThatThrownBy(() -> storage.get(BlobId.of(BUCKET, NAME)))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void readAllBytes_generationMatchMismatch_storageException412() {
    long generation = gcs.putObject(BUCKET, NAME, "v".getBytes(UTF_8));

    assertThatThrownBy(() -> storage.readAllBytes(BlobId.of(BUCKET, NAME),
        Storage.BlobSourceOption.generationMatch(generation + 1)))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    assertThat(gcs.requests().get(0).queryParameter("ifGenerationMatch")).hasValue(String.valueOf(generation + 1));
    assertThat(storage.readAllBytes(BlobId.of(BUCKET, NAME), Storage.BlobSourceOption.generationMatch(generation)))
        .isEqualTo("v".getBytes(UTF_8));
  }

  @Test
  void readAllBytes_transientFailures_retriedByTheClient() {
    gcs.putObject(BUCKET, NAME, "v".getBytes(UTF_8));
    gcs.knobs().failNext(1, 503);
    gcs.knobs().failNext(1, 429);

    assertThat(storage.readAllBytes(BlobId.of(BUCKET, NAME))).isEqualTo("v".getBytes(UTF_8));
    assertThat(gcs.requests()).hasSize(3);
  }

  @Test
  void readAllBytes_droppedConnection_retriedByTheClient() {
    gcs.putObject(BUCKET, NAME, "v".getBytes(UTF_8));
    gcs.knobs().resetNext(1);

    assertThat(storage.readAllBytes(BlobId.of(BUCKET, NAME))).isEqualTo("v".getBytes(UTF_8));
    assertThat(gcs.requests()).hasSize(2);
  }

  /**
   * Pins a finding about google-cloud-storage 2.75.0: it validates {@code x-goog-hash} on full reads only when the
   * response carries neither {@code x-goog-stored-content-encoding} nor {@code x-goog-stored-content-length}
   * (it takes either as a sign of transcoding). Real Cloud Storage always sends them, and so does the emulator, so
   * a corrupted checksum goes unnoticed: whoever needs integrity must compare CRC32C itself. If this test starts
   * failing, the client began validating and the knob now surfaces as a StorageException.
   */
  @Test
  void readAllBytesAndReader_corruptedHashHeader_notValidatedByThisClientVersion() throws IOException {
    gcs.putObject(BUCKET, NAME, "v".getBytes(UTF_8));
    gcs.knobs().corruptNextChecksum(2);

    assertThat(storage.readAllBytes(BlobId.of(BUCKET, NAME))).isEqualTo("v".getBytes(UTF_8));
    try (ReadChannel reader = storage.reader(BlobId.of(BUCKET, NAME))) {
      ByteBuffer buffer = ByteBuffer.allocate(16);
      while (reader.read(buffer) >= 0) {
        // read to the end
      }
      assertThat(buffer.flip().remaining()).isEqualTo(1);
    }
    assertThat(gcs.requests()).hasSize(2);
  }

  /**
   * Pins what the client does with an object stored gzip-compressed ({@code contentEncoding: gzip}): every
   * download sends {@code Accept-Encoding: gzip} (google-http-client's default header), so Cloud Storage skips
   * decompressive transcoding and answers with the stored bytes and {@code Content-Encoding: gzip}. The reader
   * (which secretfn uses) asks google-http-client for the raw stream and returns the compressed bytes as stored;
   * a limited reader sends a Range over the stored bytes.
   */
  @Test
  void reader_gzipStoredObject_returnsTheStoredCompressedBytes() throws IOException {
    byte[] stored = CloudStorageEmulator.gzip("{\"password\":\"p\"}".getBytes(UTF_8));
    gcs.putObject(BUCKET, NAME, stored, Map.of(), "gzip");

    ByteBuffer buffer = ByteBuffer.allocate(1024);
    try (ReadChannel reader = storage.reader(BlobId.of(BUCKET, NAME))) {
      reader.setChunkSize(0);
      reader.limit(1024);
      while (buffer.hasRemaining() && reader.read(buffer) >= 0) {
        // read to the end
      }
    }

    assertThat(Arrays.copyOf(buffer.array(), buffer.position())).isEqualTo(stored);
    RecordedRequest read = gcs.requests().get(0);
    assertThat(read.header("Accept-Encoding")).hasValue("gzip");
    assertThat(read.header("Range")).hasValue("bytes=0-1023");
    assertThat(storage.get(BlobId.of(BUCKET, NAME)).getContentEncoding()).isEqualTo("gzip");
  }

  /** readAllBytes, by contrast, lets google-http-client inflate the gzip answer: the decompressed content. */
  @Test
  void readAllBytes_gzipStoredObject_returnsTheDecompressedContent() {
    byte[] content = "{\"password\":\"p\"}".getBytes(UTF_8);
    gcs.putObject(BUCKET, NAME, CloudStorageEmulator.gzip(content), Map.of(), "gzip");

    assertThat(storage.readAllBytes(BlobId.of(BUCKET, NAME))).isEqualTo(content);
    assertThat(gcs.requests().get(0).header("Accept-Encoding")).hasValue("gzip");
  }

  @Test
  void reader_seek_sendsARangeRequest() throws IOException {
    gcs.putObject(BUCKET, NAME, "0123456789".getBytes(UTF_8));

    try (ReadChannel reader = storage.reader(BlobId.of(BUCKET, NAME))) {
      reader.seek(6);
      ByteBuffer buffer = ByteBuffer.allocate(16);
      while (reader.read(buffer) >= 0) {
        // read to the end
      }
      assertThat(UTF_8.decode(buffer.flip()).toString()).isEqualTo("6789");
    }
    assertThat(gcs.requests().get(0).header("Range")).hasValue("bytes=6-");
  }

  @Test
  void create_multipartUploadWithPrecondition_storesAndThenConflicts() {
    gcs.createBucket(BUCKET);
    BlobInfo info = BlobInfo.newBuilder(BUCKET, NAME).setContentType("application/json")
        .setMetadata(Map.of("owner", "team")).build();

    Blob created = storage.create(info, "{}".getBytes(UTF_8), Storage.BlobTargetOption.doesNotExist());

    assertThat(created.getGeneration()).isPositive();
    assertThat(created.getMetadata()).isEqualTo(Map.of("owner", "team"));
    assertThat(storage.readAllBytes(BlobId.of(BUCKET, NAME))).isEqualTo("{}".getBytes(UTF_8));
    RecordedRequest upload = gcs.requests().get(0);
    assertThat(upload.path()).isEqualTo("/upload/storage/v1/b/" + BUCKET + "/o");
    assertThat(upload.queryParameter("uploadType")).hasValue("multipart");
    assertThat(upload.header("Content-Encoding")).hasValue("gzip");
    assertThatThrownBy(() -> storage.create(info, "{}".getBytes(UTF_8), Storage.BlobTargetOption.doesNotExist()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
  }
}

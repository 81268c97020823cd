package dev.secretfn.testing.gcp;

import static dev.secretfn.testing.gcp.CloudKmsEmulatorWireTest.millis;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.testing.emulator.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloud Storage JSON API wire protocol, spoken to with a plain HTTP client. */
class CloudStorageEmulatorWireTest {
  private static final String BUCKET = "secrets-bucket";
  private static final String NAME = "app/db.json";
  private static final String ENCODED = "app%2Fdb.json";
  /** The CRC32C check value of "123456789" is 0xE3069283 (RFC 3720); big-endian base64 "4waSgw==". */
  private static final byte[] CHECK = "123456789".getBytes(UTF_8);
  private static final String CHECK_CRC32C = "4waSgw==";

  private CloudStorageEmulator gcs;
  private WireClient http;

  @BeforeEach
  void start() {
    gcs = CloudStorageEmulator.start();
    http = new WireClient(gcs.endpoint());
  }

  @AfterEach
  void stop() {
    gcs.close();
  }

  @Test
  void getMetadata_returnsTheObjectResource() throws Exception {
    long before = nowMicros();
    long generation = gcs.putObject(BUCKET, NAME, CHECK, Map.of("berglas-secret", "1", "owner", "team"));
    long after = nowMicros();

    HttpResponse<byte[]> response =
        http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?projection=full&prettyPrint=false&alt=json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
    assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
    Map<String, Object> o = WireClient.json(response);
    assertThat(o.get("kind")).isEqualTo("storage#object");
    assertThat(o.get("id")).isEqualTo(BUCKET + "/" + NAME + "/" + generation);
    assertThat(o.get("selfLink")).isEqualTo(gcs.endpoint() + "/storage/v1/b/" + BUCKET + "/o/" + ENCODED);
    assertThat(o.get("mediaLink")).isEqualTo(gcs.endpoint() + "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED
        + "?generation=" + generation + "&alt=media");
    assertThat(o.get("name")).isEqualTo(NAME);
    assertThat(o.get("bucket")).isEqualTo(BUCKET);
    assertThat(o.get("generation")).isEqualTo(String.valueOf(generation));
    assertThat(o.get("metageneration")).isEqualTo("1");
    assertThat(o.get("contentType")).isEqualTo("application/octet-stream");
    assertThat(o.get("size")).isEqualTo("9");
    assertThat(o.get("crc32c")).isEqualTo(CHECK_CRC32C);
    assertThat(o.get("md5Hash")).isEqualTo(md5(CHECK));
    assertThat(o.get("etag")).asString().isNotEmpty();
    assertThat(o.get("metadata")).isEqualTo(Map.of("berglas-secret", "1", "owner", "team"));
    // Generations are microsecond timestamps, and timeCreated agrees with them (RFC 3339, milliseconds).
    assertThat(generation).isBetween(before, after);
    Instant created = Instant.parse((String) o.get("timeCreated"));
    assertThat(created.toEpochMilli()).isEqualTo(generation / 1000);
    assertThat((String) o.get("timeCreated")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(o.get("updated")).isEqualTo(o.get("timeCreated"));
  }

  @Test
  void getMetadata_withoutCustomMetadata_hasNoMetadataField() throws Exception {
    gcs.putObject(BUCKET, "plain", CHECK);

    assertThat(WireClient.json(http.get("/storage/v1/b/" + BUCKET + "/o/plain"))).doesNotContainKey("metadata");
  }

  @Test
  void getMetadata_fields_keepsOnlyTheSelectedTopLevelFields() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK, Map.of("k", "v"));

    Map<String, Object> o =
        WireClient.json(http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?fields=name,generation,metadata/k"));

    assertThat(o).containsOnlyKeys("name", "generation", "metadata");
  }

  @Test
  void download_returnsContentWithGoogleHeaders() throws Exception {
    long generation = gcs.putObject(BUCKET, NAME, CHECK);

    HttpResponse<byte[]> response = http.get("/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(CHECK);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(response.headers().firstValue("Content-Length")).hasValue("9");
    assertThat(response.headers().firstValue("x-goog-generation")).hasValue(String.valueOf(generation));
    assertThat(response.headers().firstValue("x-goog-metageneration")).hasValue("1");
    assertThat(response.headers().firstValue("x-goog-hash")).hasValue("crc32c=" + CHECK_CRC32C + ",md5=" + md5(CHECK));
    assertThat(response.headers().firstValue("x-goog-stored-content-length")).hasValue("9");
  }

  @Test
  void download_throughTheJsonApiPathWithAltMedia_sameAnswer() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);

    HttpResponse<byte[]> response = http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(CHECK);
    assertThat(response.headers().firstValue("x-goog-hash")).hasValue("crc32c=" + CHECK_CRC32C + ",md5=" + md5(CHECK));
  }

  @Test
  void gzipStoredObject_metadataDescribesTheStoredBytes() throws Exception {
    byte[] stored = CloudStorageEmulator.gzip(CHECK);
    gcs.putObject(BUCKET, NAME, stored, Map.of(), "gzip");

    Map<String, Object> o = WireClient.json(http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED));

    assertThat(o).containsEntry("contentEncoding", "gzip")
        .containsEntry("size", String.valueOf(stored.length))
        .containsEntry("crc32c", crc32c(stored))
        .containsEntry("md5Hash", md5(stored));
  }

  @Test
  void download_gzipStoredObject_acceptingGzip_servesTheStoredBytesAsGzip() throws Exception {
    byte[] stored = CloudStorageEmulator.gzip(CHECK);
    gcs.putObject(BUCKET, NAME, stored, Map.of(), "gzip");
    String media = "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media";

    HttpResponse<byte[]> response = http.get(media, "Accept-Encoding", "gzip");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(stored);
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(stored.length));
    assertThat(response.headers().firstValue("x-goog-stored-content-encoding")).hasValue("gzip");
    assertThat(response.headers().firstValue("x-goog-stored-content-length")).hasValue(String.valueOf(stored.length));
    assertThat(response.headers().firstValue("x-goog-hash"))
        .hasValue("crc32c=" + crc32c(stored) + ",md5=" + md5(stored));
    assertThat(response.headers().firstValue("Warning")).isEmpty();
    // A range applies to the stored (compressed) bytes.
    HttpResponse<byte[]> ranged = http.get(media, "Accept-Encoding", "deflate, gzip;q=0.5", "Range", "bytes=0-3");
    assertThat(ranged.statusCode()).isEqualTo(206);
    assertThat(ranged.body()).isEqualTo(Arrays.copyOf(stored, 4));
    assertThat(ranged.headers().firstValue("Content-Range")).hasValue("bytes 0-3/" + stored.length);
  }

  @Test
  void download_gzipStoredObject_notAcceptingGzip_decompressiveTranscoding() throws Exception {
    byte[] stored = CloudStorageEmulator.gzip(CHECK);
    gcs.putObject(BUCKET, NAME, stored, Map.of(), "gzip");
    String media = "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media";

    HttpResponse<byte[]> response = http.get(media);
    HttpResponse<byte[]> refused = http.get(media, "Accept-Encoding", "gzip;q=0, identity");
    HttpResponse<byte[]> ranged = http.get(media, "Range", "bytes=0-3");

    for (HttpResponse<byte[]> r : List.of(response, refused, ranged)) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(CHECK);
      assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(r.headers().firstValue("Content-Length")).isEmpty();
      assertThat(r.headers().firstValue("Content-Range")).isEmpty();
      assertThat(r.headers().firstValue("Warning")).hasValue("214 UploadServer gunzipped");
      assertThat(r.headers().firstValue("x-goog-stored-content-encoding")).hasValue("gzip");
      // The hashes still describe the stored bytes: the client cannot check what it received.
      assertThat(r.headers().firstValue("x-goog-hash")).hasValue("crc32c=" + crc32c(stored) + ",md5=" + md5(stored));
    }
  }

  @Test
  void download_gzipStoredObjectThatIsNotGzip_servedAsStoredEitherWay() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK, Map.of(), "gzip");
    String media = "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media";

    assertThat(http.get(media).body()).isEqualTo(CHECK);
    assertThat(http.get(media, "Accept-Encoding", "gzip").body()).isEqualTo(CHECK);
    assertThat(http.get(media, "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).hasValue("gzip");
  }

  @Test
  void download_otherContentEncoding_alwaysServedAsStored() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK, Map.of(), "br");
    String media = "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media";

    for (HttpResponse<byte[]> r : List.of(http.get(media), http.get(media, "Accept-Encoding", "gzip"))) {
      assertThat(r.body()).isEqualTo(CHECK);
      assertThat(r.headers().firstValue("Content-Encoding")).hasValue("br");
      assertThat(r.headers().firstValue("x-goog-stored-content-encoding")).hasValue("br");
      assertThat(r.headers().firstValue("Content-Length")).hasValue("9");
    }
  }

  @Test
  void download_identityObject_storedContentEncodingIdentityAndNoContentEncoding() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);

    HttpResponse<byte[]> response =
        http.get("/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media", "Accept-Encoding", "gzip");

    assertThat(response.body()).isEqualTo(CHECK);
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(response.headers().firstValue("x-goog-stored-content-encoding")).hasValue("identity");
    assertThat(WireClient.json(http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED)))
        .doesNotContainKey("contentEncoding");
  }

  @Test
  void generations_areKeptAndPinnedReadsServeOldOnes() throws Exception {
    long first = gcs.putObject(BUCKET, NAME, "v1".getBytes(UTF_8));
    long second = gcs.putObject(BUCKET, NAME, "v2".getBytes(UTF_8));
    long other = gcs.putObject(BUCKET, "other", "x".getBytes(UTF_8));
    String media = "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media";

    assertThat(second).isGreaterThan(first);
    assertThat(other).isGreaterThan(second);
    assertThat(http.get(media).body()).isEqualTo("v2".getBytes(UTF_8));
    assertThat(http.get(media + "&generation=" + first).body()).isEqualTo("v1".getBytes(UTF_8));
    assertThat(http.get(media + "&generation=" + first).headers().firstValue("x-goog-generation"))
        .hasValue(String.valueOf(first));
    assertThat(WireClient.json(http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?generation=" + first))
        .get("generation")).isEqualTo(String.valueOf(first));
  }

  @Test
  void pinnedReadOfAMissingGeneration_notFound() throws Exception {
    long generation = gcs.putObject(BUCKET, NAME, CHECK);

    HttpResponse<byte[]> response =
        http.get("/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media&generation=" + (generation + 1));

    assertStorageError(response, 404, "notFound", "No such object: " + BUCKET + "/" + NAME);
  }

  @Test
  void ifGenerationMatch_matchServesMismatchIsConditionNotMet() throws Exception {
    long generation = gcs.putObject(BUCKET, NAME, CHECK);
    String media = "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media&ifGenerationMatch=";

    assertThat(http.get(media + generation).statusCode()).isEqualTo(200);
    assertStorageError(http.get(media + (generation - 1)), 412, "conditionNotMet",
        "At least one of the pre-conditions you specified did not hold.");
    assertThat(http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?ifMetagenerationMatch=2").statusCode())
        .isEqualTo(412);
  }

  @Test
  void ifGenerationNotMatch_sameGeneration_notModified() throws Exception {
    long generation = gcs.putObject(BUCKET, NAME, CHECK);

    HttpResponse<byte[]> response =
        http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?ifGenerationNotMatch=" + generation);

    assertThat(response.statusCode()).isEqualTo(304);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void range_singleRangesAnswer206AndUnsatisfiable416() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);
    String media = "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media";

    HttpResponse<byte[]> middle = http.get(media, "Range", "bytes=2-4");
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.body()).isEqualTo("345".getBytes(UTF_8));
    assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 2-4/9");
    assertThat(middle.headers().firstValue("Content-Length")).hasValue("3");
    // The hash header describes the whole object, as real Cloud Storage sends it.
    assertThat(middle.headers().firstValue("x-goog-hash")).hasValue("crc32c=" + CHECK_CRC32C + ",md5=" + md5(CHECK));

    assertThat(http.get(media, "Range", "bytes=-2").body()).isEqualTo("89".getBytes(UTF_8));
    assertThat(http.get(media, "Range", "bytes=7-").body()).isEqualTo("89".getBytes(UTF_8));
    assertThat(http.get(media, "Range", "bytes=5-100").headers().firstValue("Content-Range")).hasValue("bytes 5-8/9");
    assertThat(http.get(media, "Range", "bytes=9-").statusCode()).isEqualTo(416);
    assertThat(http.get(media, "Range", "bytes=0-1,4-5").statusCode()).isEqualTo(200);
    assertThat(http.get(media, "Range", "bytes=99999999999999999999-").statusCode()).isEqualTo(200);
  }

  @Test
  void missingObjectOrBucket_notFoundInStorageShape() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);

    HttpResponse<byte[]> missing = http.get("/storage/v1/b/" + BUCKET + "/o/nope?projection=full");
    assertStorageError(missing, 404, "notFound", "No such object: " + BUCKET + "/nope");
    Map<String, Object> detail = errors(missing).get(0);
    assertThat(detail).containsEntry("domain", "global")
        .containsEntry("message", "No such object: " + BUCKET + "/nope");
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");

    assertStorageError(http.get("/download/storage/v1/b/no-bucket/o/x?alt=media"), 404, "notFound",
        "The specified bucket does not exist.");
    assertThat(http.get("/storage/v1/b/" + BUCKET).statusCode()).isEqualTo(404);
    assertThat(http.get("/elsewhere").statusCode()).isEqualTo(404);
  }

  @Test
  void deny_prefix_forbiddenNamingTheMissingPermission() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);
    gcs.putObject(BUCKET, "public/readme", CHECK);
    gcs.knobs().deny(BUCKET + "/app/");

    assertStorageError(http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED), 403, "forbidden",
        "Anonymous caller does not have storage.objects.get access to the Google Cloud Storage object. "
            + "Permission 'storage.objects.get' denied on resource (or it may not exist).");
    assertThat(http.get("/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media").statusCode())
        .isEqualTo(403);
    // Denied before the lookup, as IAM answers first.
    assertThat(http.get("/storage/v1/b/" + BUCKET + "/o/app%2Fmissing").statusCode()).isEqualTo(403);
    assertThat(http.get("/storage/v1/b/" + BUCKET + "/o/public%2Freadme").statusCode()).isEqualTo(200);
  }

  @Test
  void corruptNextChecksum_corruptsOnlyTheCrc32cOfTheNextDownload() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);
    String media = "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media";
    gcs.knobs().corruptNextChecksum(1);

    http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED); // metadata: does not consume the corruption
    HttpResponse<byte[]> corrupted = http.get(media);
    HttpResponse<byte[]> healthy = http.get(media);

    assertThat(corrupted.body()).isEqualTo(CHECK);
    String hash = corrupted.headers().firstValue("x-goog-hash").orElseThrow();
    assertThat(hash).startsWith("crc32c=").endsWith(",md5=" + md5(CHECK)).doesNotContain(CHECK_CRC32C);
    assertThat(Base64.getDecoder().decode(hash.substring("crc32c=".length(), hash.indexOf(',')))).hasSize(4);
    assertThat(healthy.headers().firstValue("x-goog-hash")).hasValue("crc32c=" + CHECK_CRC32C + ",md5=" + md5(CHECK));
  }

  @Test
  void failNext_answersStorageErrorsThenServes() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);
    gcs.knobs().failNext(1, 429);
    gcs.knobs().failNext(1, 503);
    gcs.knobs().failNext(1, 404);
    String media = "/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media";

    assertThat(errors(http.get(media)).get(0).get("reason")).isEqualTo("rateLimitExceeded");
    assertStorageError(http.get(media), 503, "backendError", "We encountered an internal error. Please try again.");
    assertStorageError(http.get(media), 404, "notFound", "No such object: " + BUCKET + "/" + NAME);
    assertThat(http.get(media).statusCode()).isEqualTo(200);
  }

  @Test
  void resetNext_dropsTheConnection_evenThroughTheJdkClientsOneRetryOfAGet() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);
    gcs.knobs().resetNext(2);

    // java.net.http retries an idempotent GET once when the connection closes before a response.
    assertThatThrownBy(() -> http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED)).isInstanceOf(IOException.class);
    assertThat(gcs.requests()).hasSize(2);
    assertThat(new WireClient(gcs.endpoint()).get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED).statusCode())
        .isEqualTo(200);
  }

  @Test
  void latency_appliesToStorageRequests() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);
    gcs.knobs().latency(Duration.ofMillis(300));

    assertThat(millis(() -> http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED))).isGreaterThanOrEqualTo(300);
  }

  @Test
  void uploadMedia_storesANewGenerationWithItsContentType() throws Exception {
    gcs.createBucket(BUCKET);

    HttpResponse<byte[]> response = http.post("/upload/storage/v1/b/" + BUCKET + "/o?uploadType=media&name="
        + ENCODED, "text/plain", CHECK);

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> o = WireClient.json(response);
    assertThat(o).containsEntry("name", NAME).containsEntry("contentType", "text/plain")
        .containsEntry("crc32c", CHECK_CRC32C).containsEntry("size", "9");
    HttpResponse<byte[]> read = http.get("/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media");
    assertThat(read.body()).isEqualTo(CHECK);
    assertThat(read.headers().firstValue("Content-Type")).hasValue("text/plain");
  }

  @Test
  void uploadMedia_gzipEncodedBody_storesTheDecodedContent() throws Exception {
    gcs.createBucket(BUCKET);
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write(CHECK);
    }

    HttpResponse<byte[]> response = http.post("/upload/storage/v1/b/" + BUCKET + "/o?uploadType=media&name=z",
        "text/plain", gzipped.toByteArray(), "Content-Encoding", "gzip");

    assertThat(WireClient.json(response).get("crc32c")).isEqualTo(CHECK_CRC32C);
  }

  @Test
  void upload_contentEncodingProperty_storesTheBytesAsGivenWithTheProperty() throws Exception {
    gcs.createBucket(BUCKET);
    byte[] stored = CloudStorageEmulator.gzip(CHECK);
    String boundary = "__END_OF_PART__5678__";
    byte[] multipart = concat(("--" + boundary + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
        + "{\"name\":\"m\",\"contentEncoding\":\"gzip\"}\r\n--" + boundary
        + "\r\nContent-Type: text/plain\r\n\r\n").getBytes(UTF_8), stored,
        ("\r\n--" + boundary + "--\r\n").getBytes(UTF_8));

    Map<String, Object> media = WireClient.json(http.post("/upload/storage/v1/b/" + BUCKET
        + "/o?uploadType=media&name=s&contentEncoding=gzip", "text/plain", stored));
    Map<String, Object> related = WireClient.json(http.post("/upload/storage/v1/b/" + BUCKET
        + "/o?uploadType=multipart", "multipart/related; boundary=" + boundary, multipart));

    for (Map<String, Object> o : List.of(media, related)) {
      assertThat(o).containsEntry("contentEncoding", "gzip").containsEntry("crc32c", crc32c(stored))
          .containsEntry("size", String.valueOf(stored.length));
    }
    assertThat(http.get("/download/storage/v1/b/" + BUCKET + "/o/m?alt=media").body()).isEqualTo(CHECK);
  }

  @Test
  void uploadMultipart_readsMetadataAndMedia() throws Exception {
    gcs.createBucket(BUCKET);
    String boundary = "__END_OF_PART__1234__";
    String body = "--" + boundary + "\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
        + "{\"name\":\"" + NAME + "\",\"contentType\":\"application/json\",\"metadata\":{\"k\":\"v\"}}\r\n"
        + "--" + boundary + "\r\nContent-Type: application/json\r\n\r\n"
        + "123456789\r\n--" + boundary + "--\r\n";

    HttpResponse<byte[]> response = http.post("/upload/storage/v1/b/" + BUCKET + "/o?uploadType=multipart",
        "multipart/related; boundary=" + boundary, body.getBytes(UTF_8));

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> o = WireClient.json(response);
    assertThat(o).containsEntry("name", NAME).containsEntry("crc32c", CHECK_CRC32C)
        .containsEntry("contentType", "application/json").containsEntry("metadata", Map.of("k", "v"));
  }

  @Test
  void upload_ifGenerationMatchZeroOnAnExistingObject_conditionNotMet() throws Exception {
    long generation = gcs.putObject(BUCKET, NAME, CHECK);
    String upload = "/upload/storage/v1/b/" + BUCKET + "/o?uploadType=media&name=" + ENCODED + "&ifGenerationMatch=";

    assertThat(http.post(upload + "0", "text/plain", CHECK).statusCode()).isEqualTo(412);
    assertThat(http.post(upload + generation, "text/plain", CHECK).statusCode()).isEqualTo(200);
    assertThat(http.post("/upload/storage/v1/b/" + BUCKET + "/o?uploadType=media&name=fresh&ifGenerationMatch=0",
        "text/plain", CHECK).statusCode()).isEqualTo(200);
  }

  @Test
  void upload_missingBucketDeniedOrUnsupportedType_rejected() throws Exception {
    gcs.createBucket(BUCKET);
    gcs.knobs().deny(BUCKET + "/locked");

    assertThat(http.post("/upload/storage/v1/b/nobucket/o?uploadType=media&name=a", "text/plain", CHECK).statusCode())
        .isEqualTo(404);
    HttpResponse<byte[]> denied =
        http.post("/upload/storage/v1/b/" + BUCKET + "/o?uploadType=media&name=locked", "text/plain", CHECK);
    assertThat(WireClient.error(denied).get("message")).asString().contains("storage.objects.create");
    assertThat(http.post("/upload/storage/v1/b/" + BUCKET + "/o?uploadType=resumable&name=a", "text/plain", CHECK)
        .statusCode()).isEqualTo(400);
    assertThat(http.post("/upload/storage/v1/b/" + BUCKET + "/o?uploadType=media", "text/plain", CHECK).statusCode())
        .isEqualTo(400);
  }

  @Test
  void putObject_invalidNames_rejected() {
    assertThatThrownBy(() -> gcs.putObject("UPPER", "o", CHECK)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a bucket name");
    assertThatThrownBy(() -> gcs.putObject(BUCKET, "", CHECK)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> gcs.putObject(BUCKET, "a\nb", CHECK)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void putObject_keepsItsOwnCopyOfTheContent() throws Exception {
    byte[] content = CHECK.clone();
    gcs.putObject(BUCKET, NAME, content);
    content[0] = 'x';

    assertThat(http.get("/download/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?alt=media").body()).isEqualTo(CHECK);
  }

  @Test
  void requests_recordTheRawEncodedPath() throws Exception {
    gcs.putObject(BUCKET, NAME, CHECK);

    http.get("/storage/v1/b/" + BUCKET + "/o/" + ENCODED + "?projection=full");

    RecordedRequest request = gcs.requests().get(0);
    assertThat(request.path()).isEqualTo("/storage/v1/b/" + BUCKET + "/o/" + ENCODED);
    assertThat(request.query()).isEqualTo("projection=full");
    assertThat(request.queryParameter("projection")).hasValue("full");
    assertThat(request.queryParameter("generation")).isEmpty();
    assertThat(request.body()).isEmpty();
  }

  private static void assertStorageError(HttpResponse<byte[]> response, int code, String reason, String message) {
    assertThat(response.statusCode()).isEqualTo(code);
    Map<String, Object> error = WireClient.error(response);
    assertThat(CloudKmsEmulatorWireTest.number(error.get("code"))).isEqualTo(code);
    assertThat(error.get("message")).isEqualTo(message);
    assertThat(errors(response)).hasSize(1);
    assertThat(errors(response).get(0)).containsEntry("reason", reason).containsEntry("message", message)
        .containsEntry("domain", "global");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> errors(HttpResponse<byte[]> response) {
    return (List<Map<String, Object>>) WireClient.error(response).get("errors");
  }

  private static String crc32c(byte[] data) {
    return Checksums.crc32cBase64(Checksums.crc32c(data));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static String md5(byte[] data) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}

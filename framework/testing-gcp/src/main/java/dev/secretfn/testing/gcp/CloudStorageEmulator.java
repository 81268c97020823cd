package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * A Cloud Storage emulator that speaks the JSON API of {@code storage.googleapis.com} for reading objects
 * (metadata and media, pinned generations, preconditions, ranges) and for simple uploads, on 127.0.0.1 and an
 * ephemeral port. For tests and the local launcher only; never part of a function.
 *
 * <p>The official client is used unchanged, with only its host overridden:
 *
 * <pre>{@code
 * try (CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
 *   long generation = gcs.putObject("bucket", "app/db.json", json, Map.of("owner", "team-a"));
 *   Storage storage = StorageOptions.http()
 *       .setHost(gcs.endpoint())
 *       .setProjectId("test")
 *       .setCredentials(NoCredentials.getInstance())
 *       .build()
 *       .getService();
 *   byte[] content = storage.readAllBytes(BlobId.of("bucket", "app/db.json", generation));
 * }
 * }</pre>
 *
 * <p>Served:
 * <ul>
 *   <li>{@code GET /storage/v1/b/{bucket}/o/{object}}: the object resource (honours {@code generation},
 *       {@code ifGenerationMatch}, {@code ifGenerationNotMatch}, {@code ifMetagenerationMatch}, {@code
 *       ifMetagenerationNotMatch} and top-level {@code fields}); with {@code alt=media}, the content.
 *   <li>{@code GET /download/storage/v1/b/{bucket}/o/{object}?alt=media}: the content, with {@code
 *       x-goog-generation}, {@code x-goog-metageneration}, {@code x-goog-hash: crc32c=..,md5=..}, {@code
 *       x-goog-stored-content-length}, {@code x-goog-stored-content-encoding} and a single-range {@code Range}
 *       answered with 206. An object stored with {@code contentEncoding: gzip} ({@link #putObject(String, String,
 *       byte[], Map, String)}) is served as Cloud Storage serves it: as stored, with {@code Content-Encoding:
 *       gzip}, to a request that accepts gzip (the official client always does); decompressed otherwise
 *       (decompressive transcoding: chunked, without {@code Content-Length} or {@code Content-Encoding}, the
 *       {@code Range} ignored, {@code Warning: 214 UploadServer gunzipped}), with {@code x-goog-hash} still
 *       describing the stored (compressed) bytes. Other content encodings are always served as stored.
 *   <li>{@code POST /upload/storage/v1/b/{bucket}/o?uploadType=media&name=...} and {@code uploadType=multipart}
 *       ({@code multipart/related}: JSON metadata, then the content), into existing buckets.
 * </ul>
 * Object names are percent-decoded from the path ({@code /} arrives as {@code %2F}). Every generation of an
 * object is kept, so pinned reads of old generations work; the newest is the live one. Generations are
 * microsecond timestamps, strictly increasing across the emulator; metagenerations are always 1. Errors have
 * the JSON API's shape {@code {"error":{"code":404,"message":"No such object: b/o","errors":[{"message":..,
 * "domain":"global","reason":"notFound"}]}}}.
 *
 * <p>Thread-safe. {@link #close()} stops the server at once; it is needed, because the server's dispatcher
 * thread is not a daemon thread.
 *
 * <h2>WARNING</h2>
 * Objects are served to anyone who can reach 127.0.0.1, without authentication: an emulator protects nothing.
 */
public final class CloudStorageEmulator implements AutoCloseable {
  private final CloudStorageApi api;
  private final HttpEmulator http;

  private CloudStorageEmulator() {
    this.api = new CloudStorageApi(this::server); // the API reads the server only once it serves
    this.http = HttpEmulator.start("cloud-storage-emulator", api);
  }

  /** Starts an emulator on 127.0.0.1 and a free port, with no buckets. */
  public static CloudStorageEmulator start() {
    return new CloudStorageEmulator();
  }

  /** The base URL to give the client as its host, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return http.endpoint();
  }

  /** Creates an empty bucket (uploads need an existing bucket); does nothing if it exists. */
  public void createBucket(String bucket) {
    api.createBucket(bucket);
  }

  /**
   * Stores {@code content} as a new generation of {@code bucket/name}, creating the bucket if needed, with
   * content type {@code application/octet-stream} and no custom metadata. Returns the new generation.
   */
  public long putObject(String bucket, String name, byte[] content) {
    return putObject(bucket, name, content, Map.of());
  }

  /**
   * Stores {@code content} as a new generation of {@code bucket/name} with custom {@code metadata} (served as
   * the object resource's {@code metadata} map), creating the bucket if needed. Returns the new generation,
   * greater than every generation this emulator handed out before. It becomes the live generation at once, which
   * rotates an object read without {@code generation=}: safe to call while the emulator serves, a read answers
   * the old generation or the new one, whole.
   *
   * @throws IllegalArgumentException if the bucket or object name is not valid for Cloud Storage
   */
  public long putObject(String bucket, String name, byte[] content, Map<String, String> metadata) {
    Objects.requireNonNull(content, "content");
    return api.putObject(bucket, name, content, metadata, null);
  }

  /**
   * Stores {@code stored} as a new generation with the object property {@code contentEncoding} (e.g. {@code
   * "gzip"}, as {@code gcloud storage cp --gzip-local-all} or {@code gsutil cp -Z} upload it): the bytes are kept
   * as given, and {@code size}, {@code crc32c} and {@code md5Hash} describe them, not the decoded content. They
   * need not be valid for the encoding (to emulate a damaged object). Returns the new generation.
   *
   * @throws IllegalArgumentException if the bucket or object name is not valid for Cloud Storage
   */
  public long putObject(String bucket, String name, byte[] stored, Map<String, String> metadata,
      String contentEncoding) {
    Objects.requireNonNull(contentEncoding, "contentEncoding");
    return api.putObject(bucket, name, stored, metadata, contentEncoding);
  }

  /** {@code content} gzip-compressed, as {@code gsutil cp -Z} stores it. */
  public static byte[] gzip(byte[] content) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return compressed.toByteArray();
  }

  /** The knobs for latency and faults of this emulator. */
  public EmulatorKnobs knobs() {
    return http.knobs();
  }

  /** Every request received so far, oldest first, including those a knob failed or dropped. */
  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** Stops the server at once and releases its threads; idempotent. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "CloudStorageEmulator[" + endpoint() + ", " + api + "]";
  }

  private HttpEmulator server() {
    return http;
  }
}

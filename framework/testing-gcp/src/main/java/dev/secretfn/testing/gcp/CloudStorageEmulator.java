package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Json.MalformedJsonException;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.emulator.UriCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
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
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");
  private static final String JSON_API = "/storage/v1/b/";
  private static final String DOWNLOAD_API = "/download/storage/v1/b/";
  private static final String UPLOAD_API = "/upload/storage/v1/b/";
  private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
  private static final DateTimeFormatter RFC_3339_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** Every generation of every object, oldest first, keyed by {@code bucket/name}. */
  private final Map<String, List<StoredObject>> objects = new ConcurrentHashMap<>();
  private final Set<String> buckets = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastGeneration = new AtomicLong();
  private final HttpEmulator http;

  private CloudStorageEmulator() {
    this.http = HttpEmulator.start("cloud-storage-emulator", new Api());
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
    buckets.add(requireBucketName(bucket));
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
   * greater than every generation this emulator handed out before.
   *
   * @throws IllegalArgumentException if the bucket or object name is not valid for Cloud Storage
   */
  public long putObject(String bucket, String name, byte[] content, Map<String, String> metadata) {
    requireBucketName(bucket);
    requireObjectName(name);
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(metadata, "metadata");
    buckets.add(bucket);
    return store(bucket, name, content.clone(), DEFAULT_CONTENT_TYPE, new LinkedHashMap<>(metadata), null)
        .generation;
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
    requireBucketName(bucket);
    requireObjectName(name);
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(contentEncoding, "contentEncoding");
    buckets.add(bucket);
    return store(bucket, name, stored.clone(), DEFAULT_CONTENT_TYPE, new LinkedHashMap<>(metadata),
        contentEncoding.isEmpty() ? null : contentEncoding).generation;
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
    return "CloudStorageEmulator[" + endpoint() + ", " + buckets.size() + " buckets, " + objects.size()
        + " objects]";
  }

  private StoredObject store(String bucket, String name, byte[] content, String contentType,
      Map<String, String> metadata, String contentEncoding) {
    StoredObject[] stored = new StoredObject[1];
    // compute() makes the new generation and its place in the list atomic for this object.
    objects.compute(bucket + "/" + name, (key, generations) -> {
      long generation = lastGeneration.updateAndGet(last -> Math.max(last + 1, nowMicros()));
      stored[0] = new StoredObject(bucket, name, generation, content, contentType, metadata, contentEncoding);
      List<StoredObject> next = generations == null ? new ArrayList<>() : new ArrayList<>(generations);
      next.add(stored[0]);
      return List.copyOf(next);
    });
    return stored[0];
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private static String requireBucketName(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException("'" + bucket + "' is not a bucket name: use 3 to 222 lowercase "
          + "letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
    }
    return bucket;
  }

  private static String requireObjectName(String name) {
    Objects.requireNonNull(name, "name");
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > 1024 || name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0
        || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("not an object name: it must be 1 to 1024 bytes of UTF-8 without "
          + "CR or LF, and not '.' or '..'");
    }
    return name;
  }

  /** One generation of an object; its content never leaves except as a copy in a response body. */
  private static final class StoredObject {
    final String bucket;
    final String name;
    final long generation;
    final long metageneration = 1;
    final byte[] content;
    final String contentType;
    final Map<String, String> metadata;
    /** The object property contentEncoding, or null when the object has none. */
    final String contentEncoding;
    final Instant created;
    final long crc32c;
    final String md5;

    StoredObject(String bucket, String name, long generation, byte[] content, String contentType,
        Map<String, String> metadata, String contentEncoding) {
      this.bucket = bucket;
      this.name = name;
      this.generation = generation;
      this.content = content;
      this.contentType = contentType;
      this.metadata = Collections.unmodifiableMap(metadata);
      this.contentEncoding = contentEncoding;
      this.created = Instant.ofEpochSecond(generation / 1_000_000L, (generation % 1_000_000L) * 1_000L);
      this.crc32c = Checksums.crc32c(content);
      this.md5 = Checksums.md5Base64(content);
    }

    /** Like real Cloud Storage: base64 of a protobuf message {1: generation, 2: metageneration}. */
    String etag() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0x08);
      varint(out, generation);
      out.write(0x10);
      varint(out, metageneration);
      return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    private static void varint(ByteArrayOutputStream out, long value) {
      while ((value & ~0x7fL) != 0) {
        out.write((int) ((value & 0x7f) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }

    @Override
    public String toString() {
      return "StoredObject[" + bucket + "/" + name + "#" + generation + "]";
    }
  }

  /** An error answer in the making: thrown inside request handling, turned into the JSON API's error shape. */
  private static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;
    final String reason;

    ApiError(int code, String reason, String message) {
      super(message, null, false, false);
      this.code = code;
      this.reason = reason;
    }
  }

  /** The parts of an object URL: the bucket and, except for uploads, the object name (both decoded). */
  private static final class Target {
    final String bucket;
    final String object;

    Target(String bucket, String object) {
      this.bucket = bucket;
      this.object = object;
    }

    String resource() {
      return bucket + "/" + (object == null ? "" : object);
    }
  }

  private final class Api implements HttpEmulator.Service {
    @Override
    public Reply serve(RecordedRequest request) {
      try {
        return route(request);
      } catch (ApiError e) {
        return error(e.code, e.reason, e.getMessage());
      }
    }

    @Override
    public Reply failure(RecordedRequest request, int httpStatus) {
      Optional<Target> target = target(request);
      String message = GoogleStatus.storageMessage(httpStatus);
      if (httpStatus == 403) {
        message = forbidden(request.method().equals("POST") ? "storage.objects.create" : "storage.objects.get")
            .getMessage();
      } else if (httpStatus == 404 && target.isPresent() && target.get().object != null) {
        message = "No such object: " + target.get().resource();
      }
      return error(httpStatus, GoogleStatus.storageReason(httpStatus), message);
    }

    private Reply route(RecordedRequest request) throws ApiError {
      String path = request.path();
      Optional<Target> target = target(request);
      if (target.isEmpty()) {
        throw new ApiError(404, "notFound", "Not Found");
      }
      Target t = target.get();
      boolean upload = path.startsWith(UPLOAD_API);
      if (upload && request.method().equals("POST") && t.object == null) {
        return upload(request, t.bucket);
      }
      if (!upload && request.method().equals("GET") && t.object != null) {
        boolean media = path.startsWith(DOWNLOAD_API) || request.queryParameter("alt").orElse("json").equals("media");
        return media ? media(request, t) : metadata(request, t);
      }
      throw new ApiError(404, "notFound", "Not Found");
    }

    private Reply metadata(RecordedRequest request, Target t) throws ApiError {
      Optional<StoredObject> found = select(request, t);
      if (found.isEmpty()) {
        return Reply.empty(304);
      }
      Map<String, Object> resource = resource(found.get());
      Optional<String> fields = request.queryParameter("fields");
      if (fields.isPresent() && !fields.get().isBlank()) {
        resource = selectFields(resource, fields.get());
      }
      return Reply.json(200, resource).header("ETag", found.get().etag());
    }

    private Reply media(RecordedRequest request, Target t) throws ApiError {
      Optional<StoredObject> found = select(request, t);
      if (found.isEmpty()) {
        return Reply.empty(304);
      }
      StoredObject object = found.get();
      long crc = object.crc32c;
      byte[] body = object.content;
      // Decompressive transcoding: a gzip-stored object, to a request that does not accept gzip. Bytes that are
      // not gzip after all are served as stored (what the real service does with them is not documented).
      Optional<byte[]> transcoded = "gzip".equalsIgnoreCase(object.contentEncoding) && !acceptsGzip(request)
          ? gunzip(object.content) : Optional.empty();
      if (transcoded.isPresent()) {
        body = transcoded.get();
      }
      int status = 200;
      String contentRange = null;
      Optional<String> range = transcoded.isPresent() ? Optional.empty() : request.header("Range");
      if (range.isPresent()) {
        Matcher m = RANGE.matcher(range.get().trim());
        // Anything but one byte range (e.g. several ranges) is ignored, as RFC 9110 allows: the whole content.
        if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
          long size = object.content.length;
          long first;
          long last;
          if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            first = Math.max(0, size - suffix);
            last = size - 1;
          } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
          }
          if (first >= size || last < first) {
            throw new ApiError(416, "requestedRangeNotSatisfiable", "Request range not satisfiable");
          }
          body = Arrays.copyOfRange(object.content, (int) first, (int) last + 1);
          status = 206;
          contentRange = "bytes " + first + "-" + last + "/" + size;
        }
      }
      if (http.takeChecksumCorruption()) {
        crc = Checksums.corrupt(crc);
      }
      Reply reply = Reply.bytes(status, object.contentType, body == object.content ? body.clone() : body)
          .header("X-Goog-Generation", String.valueOf(object.generation))
          .header("X-Goog-Metageneration", String.valueOf(object.metageneration))
          .header("X-Goog-Hash", "crc32c=" + Checksums.crc32cBase64(crc) + ",md5=" + object.md5)
          .header("X-Goog-Stored-Content-Length", String.valueOf(object.content.length))
          .header("X-Goog-Stored-Content-Encoding", object.contentEncoding == null ? "identity"
              : object.contentEncoding)
          .header("X-Goog-Storage-Class", "STANDARD")
          .header("ETag", "\"" + object.etag() + "\"")
          .header("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(object.created.atOffset(ZoneOffset.UTC)))
          .header("Accept-Ranges", "bytes");
      if (contentRange != null) {
        reply.header("Content-Range", contentRange);
      }
      if (transcoded.isPresent()) {
        reply.chunked().header("Warning", "214 UploadServer gunzipped")
            .header("X-Guploader-Response-Body-Transformations", "gunzipped");
      } else if (object.contentEncoding != null) {
        reply.header("Content-Encoding", object.contentEncoding);
      }
      return reply;
    }

    /**
     * The generation the request asks for after its preconditions, or empty for a failed "NotMatch"
     * precondition (which a GET answers with 304 Not Modified).
     */
    private Optional<StoredObject> select(RecordedRequest request, Target t) throws ApiError {
      if (http.denies(t.resource())) {
        throw forbidden("storage.objects.get");
      }
      if (!buckets.contains(t.bucket)) {
        throw new ApiError(404, "notFound", "The specified bucket does not exist.");
      }
      List<StoredObject> generations = objects.getOrDefault(t.resource(), List.of());
      if (generations.isEmpty()) {
        throw noSuchObject(t);
      }
      OptionalLong pinned = longParameter(request, "generation");
      StoredObject object = generations.get(generations.size() - 1);
      if (pinned.isPresent()) {
        object = generations.stream().filter(o -> o.generation == pinned.getAsLong()).findFirst()
            .orElseThrow(() -> noSuchObject(t));
      }
      checkMatch(request, "ifGenerationMatch", object.generation);
      checkMatch(request, "ifMetagenerationMatch", object.metageneration);
      if (notMatchFails(request, "ifGenerationNotMatch", object.generation)
          || notMatchFails(request, "ifMetagenerationNotMatch", object.metageneration)) {
        return Optional.empty();
      }
      return Optional.of(object);
    }

    private Reply upload(RecordedRequest request, String bucket) throws ApiError {
      String uploadType = request.queryParameter("uploadType").orElse("");
      String name;
      byte[] content;
      String contentType;
      String contentEncoding;
      Map<String, String> metadata = new LinkedHashMap<>();
      if (uploadType.equals("media")) {
        name = request.queryParameter("name")
            .orElseThrow(() -> new ApiError(400, "required", "Required parameter: name"));
        content = entity(request);
        contentType = request.header("Content-Type").orElse(DEFAULT_CONTENT_TYPE);
        contentEncoding = request.queryParameter("contentEncoding").orElse(null);
      } else if (uploadType.equals("multipart")) {
        MultipartRelated parts;
        try {
          parts = MultipartRelated.parse(request.header("Content-Type").orElse(""), entity(request));
        } catch (MultipartRelated.MalformedMultipartException e) {
          throw new ApiError(400, "invalid", "Invalid multipart request: " + e.getMessage());
        }
        Map<String, Object> resource;
        try {
          resource = Json.parseObject(new String(parts.metadata(), StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
          throw new ApiError(400, "parseError", "Parse Error");
        }
        Object jsonName = resource.get("name");
        name = jsonName instanceof String ? (String) jsonName : request.queryParameter("name")
            .orElseThrow(() -> new ApiError(400, "required", "Required parameter: name"));
        content = parts.media();
        Object jsonType = resource.get("contentType");
        contentType = jsonType instanceof String ? (String) jsonType : parts.mediaContentType();
        Object jsonEncoding = resource.get("contentEncoding");
        contentEncoding = jsonEncoding instanceof String ? (String) jsonEncoding : null;
        if (resource.get("metadata") instanceof Map) {
          for (Map.Entry<?, ?> e : ((Map<?, ?>) resource.get("metadata")).entrySet()) {
            if (e.getValue() != null) {
              metadata.put((String) e.getKey(), String.valueOf(e.getValue()));
            }
          }
        }
      } else {
        throw new ApiError(400, "invalid", "The Cloud Storage emulator serves uploadType=media and "
            + "uploadType=multipart only, got uploadType=" + uploadType);
      }
      try {
        requireObjectName(name);
      } catch (IllegalArgumentException e) {
        throw new ApiError(400, "invalid", "The specified object name is not valid.");
      }
      Target t = new Target(bucket, name);
      if (http.denies(t.resource())) {
        throw forbidden("storage.objects.create");
      }
      if (!buckets.contains(bucket)) {
        throw new ApiError(404, "notFound", "The specified bucket does not exist.");
      }
      StoredObject stored;
      synchronized (objects) { // preconditions and the write as one step
        List<StoredObject> generations = objects.getOrDefault(t.resource(), List.of());
        long live = generations.isEmpty() ? 0 : generations.get(generations.size() - 1).generation;
        checkMatch(request, "ifGenerationMatch", live);
        if (!generations.isEmpty()) {
          checkMatch(request, "ifMetagenerationMatch", 1);
        }
        stored = store(bucket, name, content, contentType, metadata,
            contentEncoding == null || contentEncoding.isEmpty() ? null : contentEncoding);
      }
      return Reply.json(200, resource(stored)).header("ETag", stored.etag());
    }

    private Map<String, Object> resource(StoredObject o) {
      String encodedName = UriCodec.encode(o.name);
      String created = RFC_3339_MILLIS.format(o.created);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("kind", "storage#object");
      r.put("id", o.bucket + "/" + o.name + "/" + o.generation);
      r.put("selfLink", endpoint() + JSON_API + o.bucket + "/o/" + encodedName);
      r.put("mediaLink", endpoint() + DOWNLOAD_API + o.bucket + "/o/" + encodedName + "?generation="
          + o.generation + "&alt=media");
      r.put("name", o.name);
      r.put("bucket", o.bucket);
      r.put("generation", String.valueOf(o.generation));
      r.put("metageneration", String.valueOf(o.metageneration));
      r.put("contentType", o.contentType);
      if (o.contentEncoding != null) {
        r.put("contentEncoding", o.contentEncoding);
      }
      r.put("storageClass", "STANDARD");
      r.put("size", String.valueOf(o.content.length));
      r.put("md5Hash", o.md5);
      r.put("crc32c", Checksums.crc32cBase64(o.crc32c));
      r.put("etag", o.etag());
      r.put("timeCreated", created);
      r.put("updated", created);
      r.put("timeStorageClassUpdated", created);
      if (!o.metadata.isEmpty()) {
        r.put("metadata", new LinkedHashMap<>(o.metadata));
      }
      return r;
    }
  }

  /** Parses the bucket and object out of a JSON API, download or upload path; empty for any other path. */
  private static Optional<Target> target(RecordedRequest request) {
    String path = request.path();
    String rest;
    if (path.startsWith(JSON_API)) {
      rest = path.substring(JSON_API.length());
    } else if (path.startsWith(DOWNLOAD_API)) {
      rest = path.substring(DOWNLOAD_API.length());
    } else if (path.startsWith(UPLOAD_API)) {
      rest = path.substring(UPLOAD_API.length());
    } else {
      return Optional.empty();
    }
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    String bucket = UriCodec.decode(rest.substring(0, slash));
    String after = rest.substring(slash);
    if (after.equals("/o") || after.equals("/o/")) {
      return Optional.of(new Target(bucket, null));
    }
    if (!after.startsWith("/o/")) {
      return Optional.empty();
    }
    return Optional.of(new Target(bucket, UriCodec.decode(after.substring("/o/".length()))));
  }

  /** Keeps the named top-level fields of {@code resource}; a nested selector keeps its whole top-level field. */
  private static Map<String, Object> selectFields(Map<String, Object> resource, String fields) {
    Map<String, Object> selected = new LinkedHashMap<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    List<String> names = new ArrayList<>();
    for (char c : (fields + ",").toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        names.add(current.toString().trim());
        current.setLength(0);
      } else if (depth == 0) {
        current.append(c);
      }
    }
    for (String name : names) {
      String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
      if (resource.containsKey(top)) {
        selected.put(top, resource.get(top));
      }
    }
    return selected;
  }

  private static OptionalLong longParameter(RecordedRequest request, String name) throws ApiError {
    Optional<String> value = request.queryParameter(name);
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.get()));
    } catch (NumberFormatException e) {
      throw new ApiError(400, "invalid", "Invalid argument.");
    }
  }

  private static void checkMatch(RecordedRequest request, String parameter, long actual) throws ApiError {
    OptionalLong expected = longParameter(request, parameter);
    if (expected.isPresent() && expected.getAsLong() != actual) {
      throw new ApiError(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
    }
  }

  private static boolean notMatchFails(RecordedRequest request, String parameter, long actual) throws ApiError {
    OptionalLong unexpected = longParameter(request, parameter);
    return unexpected.isPresent() && unexpected.getAsLong() == actual;
  }

  /** Whether an {@code Accept-Encoding} header of the request lists gzip (with a non-zero weight). */
  private static boolean acceptsGzip(RecordedRequest request) {
    for (String header : request.headers().getOrDefault("Accept-Encoding", List.of())) {
      for (String coding : header.split(",")) {
        String[] parts = coding.split(";");
        if (parts[0].trim().equalsIgnoreCase("gzip")
            && !(parts.length > 1 && parts[1].trim().matches("(?i)q\\s*=\\s*0(\\.0*)?"))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The decompressed content, or empty when {@code stored} is not valid gzip. */
  private static Optional<byte[]> gunzip(byte[] stored) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(stored))) {
      return Optional.of(in.readAllBytes());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static byte[] entity(RecordedRequest request) throws ApiError {
    try {
      return HttpEmulator.entity(request);
    } catch (IOException e) {
      throw new ApiError(400, "invalid", "The request body could not be decoded: " + e.getMessage());
    }
  }

  private static ApiError noSuchObject(Target t) {
    return new ApiError(404, "notFound", "No such object: " + t.resource());
  }

  private static ApiError forbidden(String permission) {
    return new ApiError(403, "forbidden", "Anonymous caller does not have " + permission + " access to the "
        + "Google Cloud Storage object. Permission '" + permission + "' denied on resource (or it may not exist).");
  }

  private static Reply error(int code, String reason, String message) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("message", message);
    detail.put("domain", "global");
    detail.put("reason", reason);
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("errors", List.of(detail));
    return Reply.json(code, Map.of("error", error));
  }
}

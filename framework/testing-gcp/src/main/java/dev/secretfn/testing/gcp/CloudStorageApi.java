package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.emulator.UriCodec;
import dev.secretfn.testing.emulator.VersionedObjects;
import dev.secretfn.testing.emulator.VersionedObjects.Content;
import dev.secretfn.testing.emulator.VersionedObjects.Version;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Cloud Storage JSON API behind {@link CloudStorageEmulator}: object metadata with preconditions and field
 * selection, simple and multipart uploads, and errors in the JSON API's shape, over a {@link VersionedObjects}
 * store whose version ids are generations. The content download is {@link CloudStorageMedia}'s. Thread-safe.
 */
final class CloudStorageApi implements HttpEmulator.Service {
  /** Metadata never changes here: every generation has metageneration 1. */
  static final long METAGENERATION = 1;
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
  private static final String JSON_API = "/storage/v1/b/";
  private static final String DOWNLOAD_API = "/download/storage/v1/b/";
  private static final String UPLOAD_API = "/upload/storage/v1/b/";
  private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
  private static final DateTimeFormatter RFC_3339_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final VersionedObjects objects = VersionedObjects.withGenerations();
  /** The server answering with this API; read only while serving, for its endpoint and knobs. */
  private final Supplier<HttpEmulator> http;

  CloudStorageApi(Supplier<HttpEmulator> http) {
    this.http = http;
  }

  /** See {@link CloudStorageEmulator#createBucket}. */
  void createBucket(String bucket) {
    objects.createBucket(requireBucketName(bucket));
  }

  /**
   * See {@link CloudStorageEmulator#putObject(String, String, byte[], Map, String)}; {@code contentEncoding} null
   * or empty for none.
   */
  long putObject(String bucket, String name, byte[] stored, Map<String, String> metadata, String contentEncoding) {
    requireBucketName(bucket);
    requireObjectName(name);
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(metadata, "metadata");
    objects.createBucket(bucket);
    Content content = Content.of(stored, DEFAULT_CONTENT_TYPE).withMetadata(metadata)
        .withContentEncoding(contentEncoding);
    return generation(objects.put(bucket, name, content));
  }

  @Override
  public String toString() {
    return objects.bucketCount() + " buckets, " + objects.objectCount() + " objects";
  }

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
    Optional<Version> found = select(request, t);
    if (found.isEmpty()) {
      return Reply.empty(304);
    }
    Map<String, Object> resource = resource(found.get());
    Optional<String> fields = request.queryParameter("fields");
    if (fields.isPresent() && !fields.get().isBlank()) {
      resource = selectFields(resource, fields.get());
    }
    return Reply.json(200, resource).header("ETag", etag(found.get()));
  }

  private Reply media(RecordedRequest request, Target t) throws ApiError {
    Optional<Version> found = select(request, t);
    return found.isEmpty() ? Reply.empty(304) : CloudStorageMedia.reply(request, found.get(), http.get());
  }


  /**
   * The generation the request asks for after its preconditions, or empty for a failed "NotMatch"
   * precondition (which a GET answers with 304 Not Modified).
   */
  private Optional<Version> select(RecordedRequest request, Target t) throws ApiError {
    if (http.get().denies(t.resource())) {
      throw forbidden("storage.objects.get");
    }
    if (!objects.bucketExists(t.bucket)) {
      throw new ApiError(404, "notFound", "The specified bucket does not exist.");
    }
    Version object = objects.live(t.bucket, t.object).orElseThrow(() -> noSuchObject(t));
    OptionalLong pinned = longParameter(request, "generation");
    if (pinned.isPresent()) {
      object = objects.version(t.bucket, t.object, String.valueOf(pinned.getAsLong()))
          .orElseThrow(() -> noSuchObject(t));
    }
    checkMatch(request, "ifGenerationMatch", generation(object));
    checkMatch(request, "ifMetagenerationMatch", METAGENERATION);
    if (notMatchFails(request, "ifGenerationNotMatch", generation(object))
        || notMatchFails(request, "ifMetagenerationNotMatch", METAGENERATION)) {
      return Optional.empty();
    }
    return Optional.of(object);
  }

  private Reply upload(RecordedRequest request, String bucket) throws ApiError {
    CloudStorageUpload upload = CloudStorageUpload.parse(request, DEFAULT_CONTENT_TYPE);
    String name = upload.name;
    try {
      requireObjectName(name);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "invalid", "The specified object name is not valid.");
    }
    Target t = new Target(bucket, name);
    if (http.get().denies(t.resource())) {
      throw forbidden("storage.objects.create");
    }
    if (!objects.bucketExists(bucket)) {
      throw new ApiError(404, "notFound", "The specified bucket does not exist.");
    }
    Version stored = objects.put(bucket, name, upload.content, live -> { // the preconditions and the write as one step
      checkMatch(request, "ifGenerationMatch", live.map(CloudStorageApi::generation).orElse(0L));
      if (live.isPresent()) {
        checkMatch(request, "ifMetagenerationMatch", METAGENERATION);
      }
    });
    return Reply.json(200, resource(stored)).header("ETag", etag(stored));
  }

  private Map<String, Object> resource(Version o) {
    String encodedName = UriCodec.encode(o.key());
    String created = RFC_3339_MILLIS.format(o.created());
    String endpoint = http.get().endpoint();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("kind", "storage#object");
    r.put("id", o.bucket() + "/" + o.key() + "/" + o.id());
    r.put("selfLink", endpoint + JSON_API + o.bucket() + "/o/" + encodedName);
    r.put("mediaLink", endpoint + DOWNLOAD_API + o.bucket() + "/o/" + encodedName + "?generation=" + o.id()
        + "&alt=media");
    r.put("name", o.key());
    r.put("bucket", o.bucket());
    r.put("generation", o.id());
    r.put("metageneration", String.valueOf(METAGENERATION));
    r.put("contentType", o.contentType());
    o.contentEncoding().ifPresent(encoding -> r.put("contentEncoding", encoding));
    r.put("storageClass", "STANDARD");
    r.put("size", String.valueOf(o.size()));
    r.put("md5Hash", md5Base64(o));
    r.put("crc32c", Checksums.crc32cBase64(o.crc32c()));
    r.put("etag", etag(o));
    r.put("timeCreated", created);
    r.put("updated", created);
    r.put("timeStorageClassUpdated", created);
    if (!o.metadata().isEmpty()) {
      r.put("metadata", new LinkedHashMap<>(o.metadata()));
    }
    return r;
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

  /** The generation of a version of this store, whose ids are generations in decimal. */
  static long generation(Version object) {
    return Long.parseLong(object.id());
  }

  /** Like real Cloud Storage: base64 of a protobuf message {1: generation, 2: metageneration}. */
  static String etag(Version object) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x08);
    varint(out, generation(object));
    out.write(0x10);
    varint(out, METAGENERATION);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }

  static String md5Base64(Version object) {
    return Base64.getEncoder().encodeToString(object.md5());
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7fL) != 0) {
      out.write((int) ((value & 0x7f) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
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

  /** An error answer in the making: thrown inside request handling, turned into the JSON API's error shape. */
  static final class ApiError extends Exception {
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
}

package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.Digests;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.emulator.UriCodec;
import dev.secretfn.testing.emulator.VersionedObjects;
import dev.secretfn.testing.emulator.VersionedObjects.Content;
import dev.secretfn.testing.emulator.VersionedObjects.Version;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The S3 REST protocol behind {@link S3Emulator}: path-style object URLs over a {@link VersionedObjects} store
 * with S3's version ids, the integrity checks on reads and writes, and S3's XML errors. Thread-safe.
 */
final class S3Api implements HttpEmulator.Service {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern VERSION_ID = Pattern.compile("[A-Za-z0-9._]{32}");
  private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
  private static final String XML = "application/xml";
  private static final int MAX_KEY_BYTES = 1024;

  private static final Pattern SIGNING_REGION = Pattern.compile("Credential=[^/,]+/[0-9]{8}/([^/,]+)/s3/");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private final VersionedObjects objects = VersionedObjects.withRandomVersionIds();
  /** Buckets created in a region, by name; the others answer requests signed for any region. */
  private final Map<String, String> regions = new ConcurrentHashMap<>();
  private volatile boolean wrongRegionRedirects = true;
  /** Access key id to secret key of the signers {@link S3Emulator#requireSignatures} allows; empty: no check. */
  private final Map<String, String> signers = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  /** The server answering with this API; read only while serving, for the deny and checksum knobs. */
  private final Supplier<HttpEmulator> http;

  S3Api(Supplier<HttpEmulator> http) {
    this.http = http;
  }

  /** See {@link S3Emulator#createBucket}. */
  void createBucket(String bucket) {
    objects.createBucket(requireBucketName(bucket));
  }

  /** See {@link S3Emulator#createBucket(String, String)}. */
  void createBucket(String bucket, String region) {
    createBucket(bucket);
    regions.put(bucket, Objects.requireNonNull(region, "region"));
  }

  /** See {@link S3Emulator#answerWrongRegionWith}. */
  void answerWrongRegionWith(int status) {
    if (status != 301 && status != 400) {
      throw new IllegalArgumentException("S3 answers a request for another region with 301 or 400, not " + status);
    }
    wrongRegionRedirects = status == 301;
  }

  /** See {@link S3Emulator#requireSignatures}. */
  void requireSignatures(String accessKeyId, String secretAccessKey) {
    signers.put(Objects.requireNonNull(accessKeyId, "accessKeyId"),
        Objects.requireNonNull(secretAccessKey, "secretAccessKey"));
  }

  /** See {@link S3Emulator#putObject}. */
  String putObject(String bucket, String key, byte[] content) {
    requireBucketName(bucket);
    requireKey(key);
    Objects.requireNonNull(content, "content");
    objects.createBucket(bucket);
    return objects.put(bucket, key, Content.of(content, DEFAULT_CONTENT_TYPE)).id();
  }

  /** Base64 of the big-endian CRC32 of {@code data}, as {@code x-amz-checksum-crc32} carries it. */
  static String crc32Base64(byte[] data) {
    return Digests.base64(Digests.crc32(data));
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
      return error(request, e);
    }
  }

  @Override
  public Reply failure(RecordedRequest request, int httpStatus) {
    Optional<Target> target = target(request);
    String key = target.map(t -> t.key).orElse("");
    switch (httpStatus) {
      case 400:
        return error(request, new ApiError(400, "InvalidRequest", "Invalid Request"));
      case 401:
        return error(request, new ApiError(403, "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records."));
      case 403:
        return error(request, accessDenied());
      case 404:
        return error(request, noSuchKey(key));
      case 409:
        return error(request, new ApiError(409, "OperationAborted",
            "A conflicting conditional operation is currently in progress against this resource."));
      case 412:
        return error(request, new ApiError(412, "PreconditionFailed",
            "At least one of the pre-conditions you specified did not hold"));
      case 429:
      case 503:
        return error(request, new ApiError(503, "SlowDown", "Please reduce your request rate."));
      case 501:
        return error(request, new ApiError(501, "NotImplemented",
            "A header you provided implies functionality that is not implemented"));
      case 504:
        return error(request, new ApiError(503, "ServiceUnavailable", "Service is unable to handle request."));
      default:
        return error(request, new ApiError(500, "InternalError",
            "We encountered an internal error. Please try again."));
    }
  }

  private Reply route(RecordedRequest request) throws ApiError {
    Target t = target(request).orElseThrow(() -> new ApiError(400, "InvalidRequest",
        "The S3 emulator serves path-style object URLs, /{bucket}/{key} (set forcePathStyle(true))"));
    requireSignature(request);
    requireContentSha256(request);
    requireBucketRegion(request, t.bucket);
    if (t.key.isEmpty()) {
      throw new ApiError(501, "NotImplemented",
          "The S3 emulator serves objects only, not bucket operations such as " + request.method() + " /"
              + t.bucket);
    }
    switch (request.method()) {
      case "GET":
      case "HEAD":
        return read(request, t);
      case "PUT":
        return write(request, t);
      default:
        throw new ApiError(405, "MethodNotAllowed", "The specified method is not allowed against this resource.",
            "Method", request.method(), "ResourceType", "OBJECT");
    }
  }

  private Reply read(RecordedRequest request, Target t) throws ApiError {
    if (http.get().denies(t.resource())) {
      throw accessDenied();
    }
    if (!objects.bucketExists(t.bucket)) {
      throw noSuchBucket(t.bucket);
    }
    Optional<String> versionId = request.queryParameter("versionId");
    Version object;
    if (versionId.isPresent()) {
      String id = versionId.get();
      if (!id.equals("null") && !VERSION_ID.matcher(id).matches()) {
        throw new ApiError(400, "InvalidArgument", "Invalid version id specified",
            "ArgumentName", "versionId", "ArgumentValue", id);
      }
      object = objects.version(t.bucket, t.key, id).orElseThrow(() -> new ApiError(404, "NoSuchVersion",
              "The specified version does not exist.", "Key", t.key, "VersionId", id));
    } else {
      object = objects.live(t.bucket, t.key).orElseThrow(() -> noSuchKey(t.key));
    }
    boolean head = request.method().equals("HEAD");
    boolean checksumMode = request.header("x-amz-checksum-mode").orElse("").equalsIgnoreCase("ENABLED");
    // The SDK's default integrity check for GetObject: S3 appends the content's MD5 (16 raw bytes) to the
    // body and says so in x-amz-transfer-encoding; the SDK strips and verifies it. The SDK does not ask for
    // it when the caller set ChecksumMode.ENABLED, which gets the flexible checksum header instead.
    boolean appendMd5 = !head && !checksumMode
        && request.header("x-amz-te").orElse("").equalsIgnoreCase("append-md5");
    byte[] body = new byte[0];
    if (!head) {
      body = object.content();
      if (appendMd5) {
        byte[] md5 = object.md5();
        if (http.get().takeChecksumCorruption()) {
          md5[0] ^= 0x5a;
        }
        body = Arrays.copyOf(body, body.length + md5.length);
        System.arraycopy(md5, 0, body, object.size(), md5.length);
      }
    }
    Reply reply = (head ? Reply.empty(200) : Reply.bytes(200, object.contentType(), body))
        .header("Content-Type", object.contentType())
        .header("ETag", etag(object))
        .header("Last-Modified",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(object.created().atOffset(ZoneOffset.UTC)))
        .header("x-amz-version-id", object.id())
        .header("Accept-Ranges", "bytes")
        .header("x-amz-server-side-encryption", "AES256");
    if (head) {
      reply.header("Content-Length", String.valueOf(object.size()));
    }
    if (appendMd5) {
      reply.header("x-amz-transfer-encoding", "append-md5");
    }
    if (checksumMode) {
      String crc = Digests.base64(object.crc32());
      if (http.get().takeChecksumCorruption()) {
        crc = crc32Base64(("corrupted:" + crc).getBytes(StandardCharsets.UTF_8));
      }
      reply.header("x-amz-checksum-crc32", crc).header("x-amz-checksum-type", "FULL_OBJECT");
    }
    return withIds(reply);
  }

  private Reply write(RecordedRequest request, Target t) throws ApiError {
    if (http.get().denies(t.resource())) {
      throw accessDenied();
    }
    if (!objects.bucketExists(t.bucket)) {
      throw noSuchBucket(t.bucket);
    }
    try {
      requireKey(t.key);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "KeyTooLongError", "Your key is too long");
    }
    byte[] content;
    Map<String, String> trailers;
    String encoding = request.header("Content-Encoding").orElse("");
    if (encoding.toLowerCase(Locale.ROOT).contains("aws-chunked")) {
      AwsChunked decoded = AwsChunked.decode(request.body()).orElseThrow(() -> new ApiError(400,
          "IncompleteBody", "The request body is not valid aws-chunked encoding."));
      content = decoded.content();
      trailers = decoded.trailers();
      String declared = request.header("x-amz-decoded-content-length").orElse(String.valueOf(content.length));
      if (!declared.equals(String.valueOf(content.length))) {
        throw new ApiError(400, "IncompleteBody",
            "You did not provide the number of bytes specified by the x-amz-decoded-content-length header.");
      }
    } else {
      content = request.body();
      trailers = Map.of();
    }
    verify(request, trailers, "x-amz-checksum-crc32", crc32Base64(content), "CRC32");
    verify(request, trailers, "x-amz-checksum-crc32c", Digests.base64(Digests.crc32c(content)), "CRC32C");
    Optional<String> md5 = request.header("Content-MD5");
    if (md5.isPresent() && !md5.get().equals(Base64.getEncoder().encodeToString(Digests.md5(content)))) {
      throw new ApiError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
    }
    String contentType = request.header("Content-Type").orElse(DEFAULT_CONTENT_TYPE);
    Version stored = objects.put(t.bucket, t.key, Content.of(content, contentType));
    return withIds(Reply.empty(200)
        .header("ETag", etag(stored))
        .header("x-amz-version-id", stored.id())
        .header("x-amz-checksum-crc32", Digests.base64(stored.crc32()))
        .header("x-amz-checksum-type", "FULL_OBJECT")
        .header("x-amz-server-side-encryption", "AES256"));
  }

  /** Once {@link S3Emulator#requireSignatures} was called: S3's answers to an unsigned or badly signed request. */
  private void requireSignature(RecordedRequest request) throws ApiError {
    if (signers.isEmpty()) {
      return;
    }
    if (request.header("Authorization").isEmpty()) {
      throw accessDenied();
    }
    try {
      SigV4Check.verify(request, "s3", Map.copyOf(signers), Instant.now());
    } catch (SigV4Check.Refused e) {
      throw e.code.equals("UnrecognizedClientException")
          ? new ApiError(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our"
              + " records.")
          : new ApiError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the"
              + " signature you provided. Check your key and signing method.");
    }
  }

  /**
   * S3 refuses a SigV4-signed request without {@code x-amz-content-sha256}, or whose value is neither a
   * marker ({@code UNSIGNED-PAYLOAD}, {@code STREAMING-...}) nor the SHA-256 of the body received.
   */
  private static void requireContentSha256(RecordedRequest request) throws ApiError {
    if (!request.header("Authorization").orElse("").startsWith("AWS4-HMAC-SHA256")) {
      return;
    }
    String sent = request.header("x-amz-content-sha256").orElseThrow(() -> new ApiError(400, "InvalidRequest",
        "Missing required header for this request: x-amz-content-sha256"));
    if (sent.equals("UNSIGNED-PAYLOAD") || sent.startsWith("STREAMING-")) {
      return;
    }
    if (!SHA256_HEX.matcher(sent).matches()
        || !sent.equals(HexFormat.of().formatHex(sha256(request.body())))) {
      throw new ApiError(400, "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }
  }

  /**
   * A request signed for another region than its bucket's is answered as S3 answers it: 301 PermanentRedirect
   * (sent to another region's endpoint) or 400 AuthorizationHeaderMalformed, both naming the bucket's region.
   */
  private void requireBucketRegion(RecordedRequest request, String bucket) throws ApiError {
    String region = regions.get(bucket);
    Matcher signed = SIGNING_REGION.matcher(request.header("Authorization").orElse(""));
    if (region == null || !signed.find() || signed.group(1).equals(region)) {
      return;
    }
    ApiError e = wrongRegionRedirects
        ? new ApiError(301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using"
            + " the specified endpoint. Please send all future requests to this endpoint.",
            "Endpoint", "s3." + region + ".amazonaws.com", "Bucket", bucket)
        : new ApiError(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the region '"
            + signed.group(1) + "' is wrong; expecting '" + region + "'", "Region", region);
    throw e.inRegion(region);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Checks a checksum sent as a header or as an aws-chunked trailer. */
  private void verify(RecordedRequest request, Map<String, String> trailers, String name, String actual,
      String algorithm) throws ApiError {
    Optional<String> sent = request.header(name).or(() -> Optional.ofNullable(trailers.get(name)));
    if (sent.isPresent() && !sent.get().equals(actual)) {
      throw new ApiError(400, "BadDigest", "The " + algorithm
          + " you specified did not match the calculated checksum.");
    }
  }

  private Reply error(RecordedRequest request, ApiError e) {
    if (request.method().equals("HEAD")) {
      Reply reply = withIds(Reply.empty(e.status)); // S3 answers HEAD without a body, errors included
      return e.bucketRegion == null ? reply : reply.header("x-amz-bucket-region", e.bucketRegion);
    }
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
        .append(e.code).append("</Code><Message>").append(escape(e.getMessage())).append("</Message>");
    for (int i = 0; i + 1 < e.details.length; i += 2) {
      xml.append('<').append(e.details[i]).append('>').append(escape(e.details[i + 1]))
          .append("</").append(e.details[i]).append('>');
    }
    String requestId = newRequestId();
    xml.append("<RequestId>").append(requestId).append("</RequestId><HostId>").append(hostId())
        .append("</HostId></Error>");
    Reply reply = Reply.bytes(e.status, XML, xml.toString().getBytes(StandardCharsets.UTF_8))
        .header("x-amz-request-id", requestId)
        .header("x-amz-id-2", hostId());
    return e.bucketRegion == null ? reply : reply.header("x-amz-bucket-region", e.bucketRegion);
  }

  private Reply withIds(Reply reply) {
    return reply.header("x-amz-request-id", newRequestId()).header("x-amz-id-2", hostId());
  }

  /** S3's ETag for a simple upload: the quoted hex MD5 of the content. */
  private static String etag(Version object) {
    return "\"" + HexFormat.of().formatHex(object.md5()) + "\"";
  }

  private static String requireBucketName(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException("'" + bucket + "' is not a bucket name: use 3 to 63 lowercase letters, "
          + "digits, '.' and '-', starting and ending with a letter or digit");
    }
    return bucket;
  }

  private static String requireKey(String key) {
    Objects.requireNonNull(key, "key");
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("an object key must be 1 to 1024 bytes of UTF-8, got " + bytes);
    }
    return key;
  }

  /** Parses {@code /bucket/key} (key may be empty); empty for a path without a bucket. */
  private static Optional<Target> target(RecordedRequest request) {
    String path = request.path();
    if (!path.startsWith("/") || path.length() == 1) {
      return Optional.empty();
    }
    int slash = path.indexOf('/', 1);
    String bucket = UriCodec.decode(slash < 0 ? path.substring(1) : path.substring(1, slash));
    String key = slash < 0 ? "" : UriCodec.decode(path.substring(slash + 1));
    return Optional.of(new Target(bucket, key));
  }

  private String newRequestId() {
    byte[] id = new byte[8];
    random.nextBytes(id);
    return HexFormat.of().withUpperCase().formatHex(id);
  }

  private static String hostId() {
    return "c2VjcmV0Zm4tczMtZW11bGF0b3I=";
  }

  private static ApiError accessDenied() {
    return new ApiError(403, "AccessDenied", "Access Denied");
  }

  private static ApiError noSuchKey(String key) {
    return new ApiError(404, "NoSuchKey", "The specified key does not exist.", "Key", key);
  }

  private static ApiError noSuchBucket(String bucket) {
    return new ApiError(404, "NoSuchBucket", "The specified bucket does not exist", "BucketName", bucket);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** An S3 error in the making: thrown inside request handling, turned into S3's XML error. */
  private static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final String[] details; // name, value pairs after Message
    String bucketRegion; // sent as x-amz-bucket-region when set

    ApiError(int status, String code, String message, String... details) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.details = details;
    }

    ApiError inRegion(String region) {
      this.bucketRegion = region;
      return this;
    }
  }

  /** The bucket and key of a path-style URL (both decoded); the key is empty for a bucket URL. */
  private static final class Target {
    final String bucket;
    final String key;

    Target(String bucket, String key) {
      this.bucket = bucket;
      this.key = key;
    }

    String resource() {
      return bucket + "/" + key;
    }
  }
}

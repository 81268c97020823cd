package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import dev.secretfn.testing.emulator.UriCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * An S3 emulator that speaks the S3 REST API, path style, for reading objects (pinned versions, checksums) and
 * for simple uploads, on 127.0.0.1 and an ephemeral port. For tests and the local launcher only; never part of
 * a function.
 *
 * <p>The AWS SDK v2 client is used unchanged, with only its endpoint overridden and path-style addressing on
 * (requests are not authenticated, so any credentials do):
 *
 * <pre>{@code
 * try (S3Emulator s3 = S3Emulator.start()) {
 *   String versionId = s3.putObject("secrets", "app/db.json", json);
 *   S3Client client = S3Client.builder()
 *       .endpointOverride(URI.create(s3.endpoint()))
 *       .forcePathStyle(true)
 *       .region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("akid", "secret")))
 *       .httpClient(UrlConnectionHttpClient.create())
 *       .build();
 *   byte[] content = client.getObjectAsBytes(r -> r.bucket("secrets").key("app/db.json").versionId(versionId))
 *       .asByteArray();
 * }
 * }</pre>
 *
 * <p>Served:
 * <ul>
 *   <li>{@code GET /{bucket}/{key}} and {@code HEAD} the same, with an optional {@code versionId}: the content
 *       with {@code ETag} (quoted hex MD5), {@code Content-Length}, {@code Content-Type}, {@code Last-Modified}
 *       and {@code x-amz-version-id}. Integrity, as S3 offers it: for {@code x-amz-te: append-md5} (what the
 *       SDK's GetObject sends by default) the body is followed by the content's 16-byte MD5 and the answer says
 *       {@code x-amz-transfer-encoding: append-md5}, which the SDK strips and verifies; for {@code
 *       x-amz-checksum-mode: ENABLED} (what the SDK sends when the caller sets {@code ChecksumMode.ENABLED}) the
 *       answer carries {@code x-amz-checksum-crc32} (base64 of the big-endian CRC32 of the whole object) and
 *       {@code x-amz-checksum-type: FULL_OBJECT}, which the SDK verifies.
 *   <li>{@code PUT /{bucket}/{key}} into an existing bucket (the SDK's PutObject), also with the SDK's {@code
 *       aws-chunked} body and trailing checksum; {@code x-amz-checksum-crc32}, {@code x-amz-checksum-crc32c} and
 *       {@code Content-MD5} are verified when sent (mismatch: 400 BadDigest).
 * </ul>
 * Keys are percent-decoded from the path ({@code /} arrives as itself). Buckets are always versioned: every
 * write makes a new version, all versions are kept, the newest is the current one. Errors are S3's XML, {@code
 * <Error><Code>NoSuchKey</Code><Message>...</Message><Key>...</Key><RequestId>...</RequestId>
 * <HostId>...</HostId></Error>}, with {@code x-amz-request-id}; answers to HEAD have no body, as S3's.
 *
 * <p>Thread-safe. {@link #close()} stops the server at once; it is needed, because the server's dispatcher
 * thread is not a daemon thread.
 *
 * <h2>WARNING</h2>
 * Objects are served to anyone who can reach 127.0.0.1, without authentication: an emulator protects nothing.
 */
public final class S3Emulator implements AutoCloseable {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern VERSION_ID = Pattern.compile("[A-Za-z0-9._]{32}");
  private static final char[] VERSION_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._".toCharArray();
  private static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";
  private static final String XML = "application/xml";
  private static final int MAX_KEY_BYTES = 1024;

  /** Every version of every object, oldest first, keyed by {@code bucket/key}. */
  private final Map<String, List<StoredObject>> objects = new ConcurrentHashMap<>();
  private final Set<String> buckets = ConcurrentHashMap.newKeySet();
  private final SecureRandom random = new SecureRandom();
  private final HttpEmulator http;

  private S3Emulator() {
    this.http = HttpEmulator.start("s3-emulator", new Api());
  }

  /** Starts an emulator on 127.0.0.1 and a free port, with no buckets. */
  public static S3Emulator start() {
    return new S3Emulator();
  }

  /** The URL to give the client as its endpoint override (with {@code forcePathStyle(true)}). */
  public String endpoint() {
    return http.endpoint();
  }

  /**
   * Creates an empty bucket (uploads through the API need one); does nothing if it exists.
   *
   * @throws IllegalArgumentException if {@code bucket} is not a valid bucket name
   */
  public void createBucket(String bucket) {
    buckets.add(requireBucketName(bucket));
  }

  /**
   * Stores {@code content} as the new current version of {@code bucket/key}, creating the bucket if needed,
   * with content type {@code binary/octet-stream}. Returns the new version's id; earlier versions stay readable
   * by their ids.
   *
   * @throws IllegalArgumentException if the bucket name or key is not valid for S3
   */
  public String putObject(String bucket, String key, byte[] content) {
    requireBucketName(bucket);
    requireKey(key);
    Objects.requireNonNull(content, "content");
    buckets.add(bucket);
    return store(bucket, key, content.clone(), DEFAULT_CONTENT_TYPE).versionId;
  }

  /**
   * The knobs for latency and faults of this emulator. {@link EmulatorKnobs#deny} takes {@code bucket/key}
   * prefixes and answers 403 AccessDenied. {@link EmulatorKnobs#corruptNextChecksum} corrupts the checksum of
   * the next reads that carry one, the appended MD5 or the {@code x-amz-checksum-crc32} header (the content
   * itself stays intact). {@link
   * EmulatorKnobs#failNext} answers, for each status, the S3 error used for it:
   *
   * <table>
   *   <caption>failNext status → answer</caption>
   *   <tr><th>status</th><th>HTTP</th><th>Code</th></tr>
   *   <tr><td>400</td><td>400</td><td>InvalidRequest</td></tr>
   *   <tr><td>401</td><td>403</td><td>InvalidAccessKeyId (S3 answers bad credentials with 403)</td></tr>
   *   <tr><td>403</td><td>403</td><td>AccessDenied</td></tr>
   *   <tr><td>404</td><td>404</td><td>NoSuchKey</td></tr>
   *   <tr><td>409</td><td>409</td><td>OperationAborted</td></tr>
   *   <tr><td>412</td><td>412</td><td>PreconditionFailed</td></tr>
   *   <tr><td>429</td><td>503</td><td>SlowDown (S3 throttles with 503, not 429)</td></tr>
   *   <tr><td>500</td><td>500</td><td>InternalError</td></tr>
   *   <tr><td>501</td><td>501</td><td>NotImplemented</td></tr>
   *   <tr><td>503</td><td>503</td><td>SlowDown</td></tr>
   *   <tr><td>504</td><td>503</td><td>ServiceUnavailable</td></tr>
   * </table>
   */
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
    return "S3Emulator[" + endpoint() + ", " + buckets.size() + " buckets, " + objects.size() + " objects]";
  }

  private StoredObject store(String bucket, String key, byte[] content, String contentType) {
    StoredObject[] stored = new StoredObject[1];
    // compute() makes the new version and its place in the list atomic for this key.
    objects.compute(bucket + "/" + key, (k, versions) -> {
      stored[0] = new StoredObject(newVersionId(), content, contentType);
      List<StoredObject> next = versions == null ? new ArrayList<>() : new ArrayList<>(versions);
      next.add(stored[0]);
      return List.copyOf(next);
    });
    return stored[0];
  }

  private String newVersionId() {
    char[] id = new char[32];
    for (int i = 0; i < id.length; i++) {
      id[i] = VERSION_CHARS[random.nextInt(VERSION_CHARS.length)];
    }
    return new String(id);
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

  static String crc32Base64(byte[] data) {
    return checksumBase64(new CRC32(), data);
  }

  private static String checksumBase64(Checksum checksum, byte[] data) {
    checksum.update(data, 0, data.length);
    int value = (int) checksum.getValue();
    return Base64.getEncoder().encodeToString(new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
  }

  private static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  /** One version of an object; its content never leaves except as a copy in a response body. */
  private static final class StoredObject {
    final String versionId;
    final byte[] content;
    final String contentType;
    final Instant lastModified = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    final String etag;
    final String crc32;

    StoredObject(String versionId, byte[] content, String contentType) {
      this.versionId = versionId;
      this.content = content;
      this.contentType = contentType;
      this.etag = "\"" + HexFormat.of().formatHex(md5(content)) + "\"";
      this.crc32 = crc32Base64(content);
    }

    @Override
    public String toString() {
      return "StoredObject[" + versionId + ", " + content.length + " bytes]";
    }
  }

  /** An S3 error in the making: thrown inside request handling, turned into S3's XML error. */
  private static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final String[] details; // name, value pairs after Message

    ApiError(int status, String code, String message, String... details) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.details = details;
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

  private final class Api implements HttpEmulator.Service {
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
      if (http.denies(t.resource())) {
        throw accessDenied();
      }
      if (!buckets.contains(t.bucket)) {
        throw noSuchBucket(t.bucket);
      }
      List<StoredObject> versions = objects.getOrDefault(t.resource(), List.of());
      Optional<String> versionId = request.queryParameter("versionId");
      StoredObject object;
      if (versionId.isPresent()) {
        String id = versionId.get();
        if (!id.equals("null") && !VERSION_ID.matcher(id).matches()) {
          throw new ApiError(400, "InvalidArgument", "Invalid version id specified",
              "ArgumentName", "versionId", "ArgumentValue", id);
        }
        object = versions.stream().filter(v -> v.versionId.equals(id)).findFirst()
            .orElseThrow(() -> new ApiError(404, "NoSuchVersion",
                "The specified version does not exist.", "Key", t.key, "VersionId", id));
      } else if (versions.isEmpty()) {
        throw noSuchKey(t.key);
      } else {
        object = versions.get(versions.size() - 1);
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
        body = object.content.clone();
        if (appendMd5) {
          byte[] md5 = md5(object.content);
          if (http.takeChecksumCorruption()) {
            md5[0] ^= 0x5a;
          }
          body = Arrays.copyOf(body, body.length + md5.length);
          System.arraycopy(md5, 0, body, object.content.length, md5.length);
        }
      }
      Reply reply = (head ? Reply.empty(200) : Reply.bytes(200, object.contentType, body))
          .header("Content-Type", object.contentType)
          .header("ETag", object.etag)
          .header("Last-Modified",
              DateTimeFormatter.RFC_1123_DATE_TIME.format(object.lastModified.atOffset(ZoneOffset.UTC)))
          .header("x-amz-version-id", object.versionId)
          .header("Accept-Ranges", "bytes")
          .header("x-amz-server-side-encryption", "AES256");
      if (head) {
        reply.header("Content-Length", String.valueOf(object.content.length));
      }
      if (appendMd5) {
        reply.header("x-amz-transfer-encoding", "append-md5");
      }
      if (checksumMode) {
        String crc = object.crc32;
        if (http.takeChecksumCorruption()) {
          crc = crc32Base64(("corrupted:" + crc).getBytes(StandardCharsets.UTF_8));
        }
        reply.header("x-amz-checksum-crc32", crc).header("x-amz-checksum-type", "FULL_OBJECT");
      }
      return withIds(reply);
    }

    private Reply write(RecordedRequest request, Target t) throws ApiError {
      if (http.denies(t.resource())) {
        throw accessDenied();
      }
      if (!buckets.contains(t.bucket)) {
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
      verify(request, trailers, "x-amz-checksum-crc32c", checksumBase64(new CRC32C(), content), "CRC32C");
      Optional<String> md5 = request.header("Content-MD5");
      if (md5.isPresent() && !md5.get().equals(Base64.getEncoder().encodeToString(md5(content)))) {
        throw new ApiError(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
      }
      String contentType = request.header("Content-Type").orElse(DEFAULT_CONTENT_TYPE);
      StoredObject stored = store(t.bucket, t.key, content, contentType);
      return withIds(Reply.empty(200)
          .header("ETag", stored.etag)
          .header("x-amz-version-id", stored.versionId)
          .header("x-amz-checksum-crc32", stored.crc32)
          .header("x-amz-checksum-type", "FULL_OBJECT")
          .header("x-amz-server-side-encryption", "AES256"));
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
        return withIds(Reply.empty(e.status)); // S3 answers HEAD without a body, errors included
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
      return Reply.bytes(e.status, XML, xml.toString().getBytes(StandardCharsets.UTF_8))
          .header("x-amz-request-id", requestId)
          .header("x-amz-id-2", hostId());
    }

    private Reply withIds(Reply reply) {
      return reply.header("x-amz-request-id", newRequestId()).header("x-amz-id-2", hostId());
    }
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
}

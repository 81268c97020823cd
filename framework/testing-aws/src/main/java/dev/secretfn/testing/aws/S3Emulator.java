package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.List;

/**
 * An S3 emulator that speaks the S3 REST API, path style, for reading objects (pinned versions, checksums) and
 * for simple uploads, on 127.0.0.1 and an ephemeral port. For tests and the local launcher only; never part of
 * a function.
 *
 * <p>The AWS SDK v2 client is used unchanged, with only its endpoint overridden and path-style addressing on
 * (requests are not authenticated unless {@link #requireSignatures} says otherwise, so any credentials do):
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
 * Requests signed with SigV4 must carry {@code x-amz-content-sha256} (a marker, or the SHA-256 of the body),
 * as S3 requires; signatures are checked once {@link #requireSignatures} names a key.
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
  private final S3Api api;
  private final HttpEmulator http;

  private S3Emulator() {
    this.api = new S3Api(this::server); // the API reads the server only once it serves
    this.http = HttpEmulator.start("s3-emulator", api);
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
    api.createBucket(bucket);
  }

  /**
   * Creates an empty bucket in {@code region} (does nothing to an existing bucket's objects): a request signed for
   * another region is answered as S3 answers one that reached another region's endpoint, 301 PermanentRedirect,
   * or with {@link #answerWrongRegionWith answerWrongRegionWith(400)} as S3 answers one signed for the wrong
   * region, 400 AuthorizationHeaderMalformed; both name the bucket's region in {@code x-amz-bucket-region} and
   * in the XML ({@code <Endpoint>} or {@code <Region>}). Buckets made by {@link #createBucket(String)} answer
   * requests signed for any region.
   */
  public void createBucket(String bucket, String region) {
    api.createBucket(bucket, region);
  }

  /**
   * How requests signed for another region than their bucket's are answered: 301 (the default) or 400, see
   * {@link #createBucket(String, String)}.
   *
   * @throws IllegalArgumentException for another status
   */
  public void answerWrongRegionWith(int status) {
    api.answerWrongRegionWith(status);
  }

  /**
   * From now on, answers only requests signed (SigV4, service {@code s3}, the path signed as sent, any region)
   * with this key or another key passed here, as S3 does: an unsigned request gets 403 AccessDenied, an unknown
   * access key id 403 InvalidAccessKeyId, a wrong signature 403 SignatureDoesNotMatch. Until the first call,
   * requests are not authenticated.
   */
  public void requireSignatures(String accessKeyId, String secretAccessKey) {
    api.requireSignatures(accessKeyId, secretAccessKey);
  }

  /**
   * Stores {@code content} as the new current version of {@code bucket/key}, creating the bucket if needed,
   * with content type {@code binary/octet-stream}. Returns the new version's id; earlier versions stay readable
   * by their ids (every bucket is versioned). This rotates an object read without {@code versionId}: safe to call
   * while the emulator serves, a read answers the old version or the new one, whole.
   *
   * @throws IllegalArgumentException if the bucket name or key is not valid for S3
   */
  public String putObject(String bucket, String key, byte[] content) {
    return api.putObject(bucket, key, content);
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
    return "S3Emulator[" + endpoint() + ", " + api + "]";
  }

  /** Base64 of the big-endian CRC32 of {@code data}, as {@code x-amz-checksum-crc32} carries it. */
  static String crc32Base64(byte[] data) {
    return S3Api.crc32Base64(data);
  }

  private HttpEmulator server() {
    return http;
  }
}

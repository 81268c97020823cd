package dev.secretfn.aws.s3.internal;

import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lean transport: S3's GetObject as one signed GET over {@link HttpExchange}, signed by the SDK's SigV4
 * signer ({@link AwsRequestSigner}) with the SDK's credential providers. It asks for the object's stored checksum
 * and checks it; a bucket in another region is read again once in the region S3 names, which is remembered for
 * the bucket. Thread-safe.
 */
final class LeanS3Transport implements S3Transport {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** SHA-256 of the empty payload: S3 requires x-amz-content-sha256 on every signed request. */
  static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  /** The least the transport reads of an answer, so that S3's XML error answers fit under a small limit. */
  private static final int ERROR_ROOM = 8 * 1024;
  /** How HttpExchange's message for a body shorter than its Content-Length starts. */
  private static final String CUT_SHORT = "the answer ended after ";

  private final S3Endpoints endpoints;
  private final AwsRequestSigner signer;
  private final String region;
  /** Buckets found in another region than the function's, and theirs. */
  private final Map<String, String> bucketRegions = new ConcurrentHashMap<>();

  LeanS3Transport(S3Endpoints endpoints, AwsRequestSigner signer, String region) {
    this.endpoints = endpoints;
    this.signer = signer;
    this.region = region;
  }

  /**
   * The transport for {@code config}; logs secretfn's emulator override once, as the official client does.
   *
   * @throws IllegalStateException when AWS_REGION is missing or malformed, or an endpoint variable is refused
   *     (the source reports it as a permanent set-up failure)
   */
  static LeanS3Transport create(AwsConfig config) {
    S3Endpoints endpoints = S3Endpoints.of(config.s3Endpoint(), config.environment());
    String region = config.regionOf(Optional.empty()); // AWS_REGION, checked as a region name
    boolean emulator = endpoints.emulator();
    endpoints.override().ifPresent(o -> LOG.log(emulator ? Level.WARNING : Level.INFO, emulator
        ? "secretfn: S3 endpoint overridden to " + o.uri() + " (local emulator; dummy credentials, path-style"
            + " requests)"
        : "secretfn: S3 endpoint set to " + o.uri() + " by " + o.setting()));
    return new LeanS3Transport(endpoints, new AwsRequestSigner(AwsModule.credentials(config, emulator)), region);
  }

  @Override
  public byte[] getObject(S3Object object, int maxBytes, Duration timeout)
      throws SourceException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String described = object.describe();
    String bucketRegion = bucketRegions.getOrDefault(object.bucket(), region);
    HttpExchange.Response answer = get(object, bucketRegion, maxBytes, timeout);
    Optional<String> moved = movedTo(answer, bucketRegion);
    if (moved.isPresent()) {
      answer.wipe();
      bucketRegions.put(object.bucket(), moved.get());
      LOG.log(Level.DEBUG, () -> "secretfn: S3 bucket " + object.bucket() + " is in " + moved.get());
      answer = get(object, moved.get(), maxBytes, Duration.ofNanos(deadline - System.nanoTime()));
    }
    if (answer.status() != 200) {
      String code = S3Xml.code(answer.body());
      answer.wipe();
      throw S3Errors.of(answer.status(), code, described);
    }
    if (answer.body().length > maxBytes) {
      answer.wipe();
      throw S3Errors.tooLarge(described, maxBytes);
    }
    Optional<String> mismatch = S3Checksums.mismatch(answer::header, answer.body());
    if (mismatch.isPresent()) {
      answer.wipe();
      throw SourceException.retryable(Step.VERIFY, "the response for " + described + " failed the integrity check ("
          + mismatch.get() + " mismatch: corrupted in transit)");
    }
    return answer.body();
  }

  /** One signed GetObject in {@code signingRegion}; any status is returned. */
  private HttpExchange.Response get(S3Object object, String signingRegion, int maxBytes, Duration timeout)
      throws SourceException, InterruptedException {
    URI uri = endpoints.object(object.bucket(), object.key(), object.versionId(), signingRegion);
    Map<String, String> headers = new LinkedHashMap<>(signer.signS3("GET", uri, headers(), null, signingRegion));
    headers.remove("Host"); // HttpURLConnection sends the same Host itself, and ignores one set by hand
    try {
      return HttpExchange.exchange("GET", uri, headers, null, timeout, Math.max(maxBytes, ERROR_ROOM));
    } catch (IOException e) {
      throw failure(e, object.describe(), maxBytes);
    }
  }

  /** S3's headers of a GetObject: the empty payload's hash, and a request for the stored checksum. */
  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amz-content-sha256", EMPTY_PAYLOAD_SHA256);
    headers.put("x-amz-checksum-mode", "ENABLED");
    return headers;
  }

  /**
   * A failed exchange, as {@link AwsErrors#transport} words it for every AWS store, but for what is S3's own: the
   * object over the size limit, and an answer cut short, worded as the official transport words it. A refused
   * certificate also gets HttpExchange's detail, which names the host and the reason.
   */
  private static SourceException failure(IOException e, String object, int maxBytes) {
    if (e instanceof HttpExchange.BodyTooLargeException) {
      return S3Errors.tooLarge(object, maxBytes);
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith(CUT_SHORT)) {
      return SourceException.retryable(Step.FETCH, "the answer for " + object
          + message.substring("the answer".length())).withCause(e);
    }
    SourceException failure = AwsErrors.transport(e, object, Step.FETCH);
    if (e instanceof HttpExchange.CertificateRefusedException) {
      SourceException detailed = SourceException.permanent(Step.FETCH, failure.getMessage() + " (" + message + ")")
          .withCause(e);
      return failure.hint().map(detailed::withHint).orElse(detailed);
    }
    return failure;
  }

  /**
   * The bucket's region when S3 answered that it is not {@code signingRegion}: 301 PermanentRedirect (the
   * request went to another region's endpoint) or 400 AuthorizationHeaderMalformed /
   * IllegalLocationConstraintException (signed for another region), with the region in {@code
   * x-amz-bucket-region} or the XML's {@code <Region>}.
   */
  private static Optional<String> movedTo(HttpExchange.Response answer, String signingRegion) {
    if (answer.status() != 301 && answer.status() != 400) {
      return Optional.empty();
    }
    String code = S3Xml.code(answer.body());
    boolean aboutRegion = answer.status() == 301
        ? code.isEmpty() || code.equals("PermanentRedirect")
        : code.equals("AuthorizationHeaderMalformed") || code.equals("IllegalLocationConstraintException");
    if (!aboutRegion) {
      return Optional.empty();
    }
    return answer.header("x-amz-bucket-region").filter(S3Xml::isRegion)
        .or(() -> S3Xml.region(answer.body()))
        .filter(r -> !r.equals(signingRegion));
  }

  /**
   * Runs the request path without a secret or a credential: signs a GetObject with throwaway credentials (never
   * sent, never the function's provider), then sends one unsigned GET of the service's root, which S3 refuses,
   * and classifies the refusal; every result is dropped.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    try {
      URI dummy = endpoints.object("secretfn-priming", "priming", Optional.empty(), region);
      AwsRequestSigner.forPriming().signS3("GET", dummy, headers(), null, region);
      HttpExchange.Response answer =
          HttpExchange.exchange("GET", endpoints.root(region), Map.of(), null, timeout.dividedBy(2), ERROR_ROOM);
      try {
        S3Errors.of(answer.status(), S3Xml.code(answer.body()), "the service root");
      } finally {
        answer.wipe();
      }
    } catch (SourceException | IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "secretfn: priming S3 ended with " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "LeanS3Transport[" + endpoints + ", " + region + "]";
  }
}

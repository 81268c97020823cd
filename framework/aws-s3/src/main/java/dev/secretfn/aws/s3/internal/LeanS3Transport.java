package dev.secretfn.aws.s3.internal;

import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
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
import javax.net.ssl.SSLHandshakeException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

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
   */
  static LeanS3Transport create(AwsConfig config) {
    Optional<URI> emulator = config.s3Endpoint();
    S3Endpoints endpoints = S3Endpoints.of(emulator, config.environment());
    String region = config.region().id();
    if (!S3Xml.isRegion(region)) {
      throw new IllegalStateException(AwsConfig.REGION_VARIABLE + " is not a region name such as us-east-1");
    }
    if (endpoints.emulator()) {
      LOG.log(Level.WARNING, "secretfn: S3 endpoint overridden to " + emulator.get()
          + " (local emulator; dummy credentials, path-style requests)");
    }
    return new LeanS3Transport(endpoints, new AwsRequestSigner(AwsModule.credentials(config, endpoints.emulator())),
        region);
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
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amz-content-sha256", EMPTY_PAYLOAD_SHA256);
    headers.put("x-amz-checksum-mode", "ENABLED");
    Map<String, String> signed = signer.signS3("GET", uri, headers, null, signingRegion);
    try {
      return HttpExchange.exchange("GET", uri, signed, null, timeout, Math.max(maxBytes, ERROR_ROOM));
    } catch (HttpExchange.BodyTooLargeException e) {
      throw S3Errors.tooLarge(object.describe(), maxBytes);
    } catch (SSLHandshakeException e) {
      throw SourceException.permanent(Step.FETCH, "the TLS handshake with " + uri.getHost() + " for "
          + object.describe() + " failed: " + e.getMessage()).withCause(e)
          .withHint("check " + S3Endpoints.ENDPOINT_URL_S3 + " / " + S3Endpoints.ENDPOINT_URL
              + " and the JVM's trust store");
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith(CUT_SHORT)) {
        // HttpExchange's check of the Content-Length, worded as the official transport words it.
        throw SourceException.retryable(Step.FETCH, "the answer for " + object.describe()
            + message.substring("the answer".length())).withCause(e);
      }
      throw SourceException.retryable(Step.FETCH, "calling S3 for " + object.describe() + " failed: "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + message + ")")).withCause(e);
    }
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
   * Runs the request path without a secret or a credential: signs a GET with throwaway credentials (never sent,
   * never the function's provider), then sends one unsigned GET of the service's root, which S3 refuses; both
   * results are dropped.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    try {
      AwsRequestSigner throwaway = new AwsRequestSigner(StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDSECRETFNPRIME", "secretfn-prime-not-a-secret")));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("x-amz-content-sha256", EMPTY_PAYLOAD_SHA256);
      headers.put("x-amz-checksum-mode", "ENABLED");
      throwaway.signS3("GET", endpoints.object("secretfn-prime", "prime", Optional.empty(), region), headers, null,
          region);
      HttpExchange.Response answer = HttpExchange.exchange("GET", endpoints.root(region), Map.of(), null,
          timeout.dividedBy(2), ERROR_ROOM);
      // Classifying the refusal loads the error path's classes too.
      S3Errors.of(answer.status(), S3Xml.code(answer.body()), "the service root");
      answer.wipe();
    } catch (SourceException | IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "secretfn: priming the S3 transport: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "LeanS3Transport[" + endpoints + ", " + region + "]";
  }
}

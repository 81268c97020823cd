package dev.secretfn.aws.s3.client;

import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsEndpoints;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.internal.AwsRequestSigner;
import dev.secretfn.aws.internal.AwsSdkClients;
import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.aws.s3.internal.S3Errors;
import dev.secretfn.aws.s3.internal.S3Transport;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * GetObject through the SDK's {@link S3Client}: the body is read up to limit + 1 bytes and the connection
 * dropped; the SDK checks the MD5 it asks S3 to append. Failures go through {@link S3Errors} and {@link
 * AwsErrors}, so they read as on the lean transport. Thread-safe; {@link #close()} closes the client.
 */
final class SdkS3Transport implements S3Transport, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final S3Client client;
  private final AwsCredentialsProvider credentials;

  private SdkS3Transport(S3Client client, AwsCredentialsProvider credentials) {
    this.client = client;
    this.credentials = credentials;
  }

  /**
   * The client for {@code config}, with the endpoint settings the lean transport reads; logs an override once.
   *
   * @throws IllegalStateException when AWS_REGION is missing or an endpoint variable is refused (the source
   *     reports it as a permanent set-up failure)
   */
  static SdkS3Transport create(AwsConfig config) {
    var override = AwsEndpoints.override(
        config.s3Endpoint(), "secretfn's S3 emulator setting", config.environment(), "S3");
    boolean emulator = override.map(AwsEndpoints.Explicit::emulator).orElse(false);
    AwsCredentialsProvider credentials = AwsModule.credentials(config, emulator);
    S3ClientBuilder builder = S3Client.builder()
        .region(config.region())
        .httpClient(AwsSdkClients.httpClient(config.deadline()))
        .overrideConfiguration(AwsSdkClients.overrides(config.deadline()))
        .crossRegionAccessEnabled(true)
        .credentialsProvider(credentials);
    if (override.isPresent()) {
      AwsEndpoints.Explicit o = override.get();
      LOG.log(emulator ? Level.WARNING : Level.INFO, emulator
          ? "secretfn: S3 endpoint overridden to " + o.uri() + " (local emulator; dummy credentials, path-style"
              + " requests)"
          : "secretfn: S3 endpoint set to " + o.uri() + " by " + o.setting());
      builder.endpointOverride(o.uri()).forcePathStyle(emulator);
    } else {
      builder.fipsEnabled(AwsEndpoints.fips(config.environment()))
          .dualstackEnabled(AwsEndpoints.dualStack(config.environment()));
    }
    return new SdkS3Transport(builder.build(), credentials);
  }

  @Override
  public byte[] getObject(S3Object object, int maxBytes, Duration timeout)
      throws SourceException, InterruptedException {
    String described = object.describe();
    GetObjectRequest.Builder request = GetObjectRequest.builder()
        .bucket(object.bucket())
        .key(object.key())
        .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(timeout).build());
    object.versionId().ifPresent(request::versionId);
    AwsRequestSigner.resolve(credentials); // no credentials: the same set-up failure as on the lean transport
    byte[] buffer = new byte[maxBytes + 1];
    int length = 0;
    try (ResponseInputStream<GetObjectResponse> body = client.getObject(request.build())) {
      int read;
      while (length < buffer.length && (read = body.read(buffer, length, buffer.length - length)) >= 0) {
        length += read;
      }
      if (length > maxBytes) {
        body.abort();
        Arrays.fill(buffer, (byte) 0);
        throw S3Errors.tooLarge(described, maxBytes);
      }
      // HttpURLConnection ends a fixed-length body cut short by the peer with a plain end of stream, and the
      // SDK's appended-MD5 check is skipped when the trailer never arrives: without this, a connection cut
      // mid-answer injected the first part of the secret.
      Long declared = body.response().contentLength();
      if (declared != null && declared != length) {
        Arrays.fill(buffer, (byte) 0);
        throw SourceException.retryable(Step.FETCH, "the answer for " + described + " ended after " + length
            + " of its " + declared + " bytes (connection cut mid-answer)");
      }
    } catch (AwsServiceException e) {
      Arrays.fill(buffer, (byte) 0);
      String code = e.awsErrorDetails() == null ? "" : Objects.toString(e.awsErrorDetails().errorCode(), "");
      throw S3Errors.of(e.statusCode(), code, described).withCause(e);
    } catch (SdkClientException e) {
      Arrays.fill(buffer, (byte) 0);
      throw failure(e, described);
    } catch (IOException e) {
      Arrays.fill(buffer, (byte) 0);
      throw AwsErrors.transport(e, described, Step.FETCH);
    }
    byte[] content = Arrays.copyOf(buffer, length);
    Arrays.fill(buffer, (byte) 0);
    return content;
  }

  /**
   * The SDK's client-side failure as the lean transport reports the same event: the {@link IOException} it
   * wraps when there is one (reset, refused, TLS), else the SDK's own classification (call timeout, checksum).
   */
  private static SourceException failure(SdkClientException e, String object) throws InterruptedException {
    if (!(e instanceof ApiCallTimeoutException) && !Thread.currentThread().isInterrupted()) {
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        boolean interruption = t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException);
        if (t instanceof IOException && !interruption) {
          return AwsErrors.transport((IOException) t, object, Step.FETCH);
        }
      }
    }
    return AwsErrors.client(e, object, Step.FETCH);
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "SdkS3Transport";
  }
}

package dev.secretfn.aws.s3.client;

import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.aws.s3.internal.S3Errors;
import dev.secretfn.aws.s3.internal.S3Transport;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * GetObject through the SDK's {@link S3Client}: the body is read up to limit + 1 bytes and the connection
 * dropped; the SDK checks the MD5 it asks S3 to append. Service errors go through {@link S3Errors}, so they read
 * as on the lean transport.
 */
@Singleton
final class SdkS3Transport implements S3Transport {
  private final S3Client client;

  @Inject
  SdkS3Transport(S3Client client) {
    this.client = client;
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
      throw AwsErrors.client(e, described, Step.FETCH);
    } catch (IOException e) {
      Arrays.fill(buffer, (byte) 0);
      throw SourceException.retryable(Step.FETCH, "reading " + described + " failed: "
          + e.getClass().getSimpleName()).withCause(e);
    }
    byte[] content = Arrays.copyOf(buffer, length);
    Arrays.fill(buffer, (byte) 0);
    return content;
  }

  @Override
  public String toString() {
    return "SdkS3Transport";
  }
}

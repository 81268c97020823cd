package dev.secretfn.aws.s3;

import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Arrays;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads {@code s3://} objects, never more than the size limit: the body is read up to limit + 1 bytes and the
 * connection dropped, so an oversized object costs a clear error, not memory. Fields are selected by the
 * resolver, so all fields of one object come from one read.
 */
final class S3Source implements SecretSource {
  private final Lazy<S3Client> client;
  private final AwsConfig config;

  @Inject
  S3Source(Lazy<S3Client> client, AwsConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public Scheme scheme() {
    return S3Object.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    S3Object object = (S3Object) fetch.reference();
    String described = object.describe();
    int max = config.maxObjectBytes();
    GetObjectRequest.Builder request = GetObjectRequest.builder()
        .bucket(object.bucket())
        .key(object.key())
        .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(fetch.remaining()).build());
    object.versionId().ifPresent(request::versionId);
    byte[] buffer = new byte[max + 1];
    int length = 0;
    try (ResponseInputStream<GetObjectResponse> body = AwsErrors.built(client).getObject(request.build())) {
      int read;
      while (length < buffer.length && (read = body.read(buffer, length, buffer.length - length)) >= 0) {
        length += read;
      }
      if (length > max) {
        body.abort();
        Arrays.fill(buffer, (byte) 0);
        throw SourceException.permanent(Step.DECODE, described + " is larger than the " + max + "-byte limit")
            .withHint("store only the secret in the object, or raise AwsSettings.maxObjectBytes");
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
      throw AwsErrors.s3(e, described);
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
    try {
      return Secret.copyOf(content);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "S3Source";
  }
}

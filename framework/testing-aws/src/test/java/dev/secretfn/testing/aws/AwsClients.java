package dev.secretfn.testing.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The AWS SDK v2 clients as secretfn-aws builds them, with only the endpoint pointed at an emulator. */
final class AwsClients {
  private static final StaticCredentialsProvider DUMMY =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-secret"));

  private AwsClients() {}

  static KmsClient kms(String endpoint, boolean retries) {
    return KmsClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(DUMMY)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> {
          if (!retries) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        })
        .build();
  }

  static S3Client s3(String endpoint, boolean retries) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(DUMMY)
        .httpClient(UrlConnectionHttpClient.create())
        .forcePathStyle(true)
        .overrideConfiguration(o -> {
          if (!retries) {
            o.retryStrategy(AwsRetryStrategy.doNotRetry());
          }
        })
        .build();
  }
}

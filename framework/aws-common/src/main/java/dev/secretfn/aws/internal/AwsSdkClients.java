package dev.secretfn.aws.internal;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Not an API: what the official-client transports ({@code secretfn-aws-kms-client}, {@code
 * secretfn-aws-s3-client}) configure on every SDK client: the URL connection HTTP client with the deadline as
 * its timeouts, and SDK retries off because the resolver retries within its deadline. Only those modules call
 * it, and they bring {@code url-connection-client}; the lean transports never load this class.
 */
public final class AwsSdkClients {
  private AwsSdkClients() {}

  public static SdkHttpClient httpClient(Duration deadline) {
    return UrlConnectionHttpClient.builder().connectionTimeout(deadline).socketTimeout(deadline).build();
  }

  public static ClientOverrideConfiguration overrides(Duration deadline) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallTimeout(deadline)
        .build();
  }
}

package dev.secretfn.aws.internal;

import dev.secretfn.Environment;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Not an API: what the official-client transports (the {@code secretfn-aws-*-client}
 * modules) configure on every SDK client: the URL connection HTTP client with the deadline as
 * its timeouts, and SDK retries off because the resolver retries within its deadline. Only those modules call
 * it, and they bring {@code url-connection-client}; the lean transports never load this class.
 */
public final class AwsSdkClients {
  private AwsSdkClients() {}

  public static SdkHttpClient httpClient(Duration deadline) {
    return UrlConnectionHttpClient.builder().connectionTimeout(deadline).socketTimeout(deadline).build();
  }

  /**
   * Configures {@code builder} as every official AWS transport does: {@code region}, the URL connection client
   * and no SDK retries ({@link #httpClient}, {@link #overrides}), {@code credentials}, and the endpoint: {@code
   * endpoint} when one is set (an emulator or an endpoint variable), else the SDK's own with FIPS and dual-stack
   * as {@code environment} says, which the SDK would not read from a test's environment by itself.
   */
  public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
      String region, Duration deadline, AwsCredentialsProvider credentials, Optional<URI> endpoint,
      Environment environment) {
    builder.region(Region.of(region))
        .httpClient(httpClient(deadline))
        .overrideConfiguration(overrides(deadline))
        .credentialsProvider(credentials);
    if (endpoint.isPresent()) {
      builder.endpointOverride(endpoint.get());
    } else {
      builder.fipsEnabled(AwsEndpoints.fips(environment)).dualstackEnabled(AwsEndpoints.dualStack(environment));
    }
    return builder;
  }

  /**
   * Whether {@code t} is the SDK's JSON parser failing on an answer: a cut answer reads as malformed JSON there,
   * while the lean transport sees the cut itself (a plain {@code IOException}); both are reported alike.
   */
  public static boolean unreadable(Throwable t) {
    return t.getClass().getName().startsWith("software.amazon.awssdk.thirdparty.jackson.");
  }

  public static ClientOverrideConfiguration overrides(Duration deadline) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallTimeout(deadline)
        .build();
  }
}

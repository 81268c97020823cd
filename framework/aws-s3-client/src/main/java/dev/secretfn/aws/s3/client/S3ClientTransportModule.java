package dev.secretfn.aws.s3.client;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.s3.internal.S3Transport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Makes the S3 store ({@code S3Module}) read through the AWS SDK v2's {@link S3Client} instead of its lean
 * transport. Add it to the component next to {@code S3Module}:
 *
 * <pre>{@code
 * @Component(modules = {MySecretsModule.class, S3Module.class, S3ClientTransportModule.class})
 * }</pre>
 *
 * <p>The client is built on the first fetch, with the URL connection HTTP client, the SDK's retries off (the
 * resolver retries within its deadline), access to buckets in other regions on, and the SDK's own endpoint
 * resolution (its environment variables and profile settings); secretfn's emulator override, if set, wins and is
 * logged. Failures read as on the lean transport.
 */
@Module(includes = AwsModule.class)
public abstract class S3ClientTransportModule {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private S3ClientTransportModule() {}

  @Binds
  @OfficialClient
  abstract S3Transport officialClient(SdkS3Transport transport);

  @Provides
  @Singleton
  static S3Client s3Client(AwsConfig config) {
    Optional<URI> endpoint = config.s3Endpoint();
    Duration deadline = config.deadline();
    var builder = S3Client.builder()
        .region(config.region())
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(deadline).socketTimeout(deadline).build())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(AwsRetryStrategy.doNotRetry())
            .apiCallTimeout(deadline)
            .build())
        .crossRegionAccessEnabled(true)
        .credentialsProvider(AwsModule.credentials(config, endpoint.isPresent()));
    if (endpoint.isPresent()) {
      LOG.log(Level.WARNING, "secretfn: S3 endpoint overridden to " + endpoint.get()
          + " (local emulator; dummy credentials, path-style requests)");
      builder.endpointOverride(endpoint.get()).forcePathStyle(true);
    }
    return builder.build();
  }
}

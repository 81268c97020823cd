package dev.secretfn.aws;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretfnModule;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the AWS SDK clients, each once (scoped) and only when a source first needs it (sources inject
 * {@code dagger.Lazy}). URL connection HTTP client, region from AWS_REGION, the default credentials chain
 * (which SnapStart's container credentials satisfy), SDK retries off because the resolver retries within its
 * deadline.
 */
@Module(includes = SecretfnModule.class)
abstract class AwsClientsModule {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  static final String REGION_VARIABLE = "AWS_REGION";

  private AwsClientsModule() {}

  @BindsOptionalOf
  abstract AwsSettings optionalSettings();

  @Provides
  @Singleton
  static ResolvedAwsSettings settings(
      Optional<AwsSettings> settings, Optional<Environment> environment, Optional<ResolverSettings> resolver) {
    return new ResolvedAwsSettings(
        settings.orElseGet(AwsSettings::defaults),
        environment.orElseGet(Environment::system),
        resolver.orElseGet(ResolverSettings::defaults).deadline());
  }

  @Provides
  @Singleton
  static KmsClient kmsClient(ResolvedAwsSettings settings) {
    var builder = KmsClient.builder()
        .region(settings.region())
        .httpClient(httpClient(settings.deadline))
        .overrideConfiguration(overrides(settings.deadline));
    Optional<URI> endpoint = settings.settings.kmsEndpoint(settings.environment);
    if (endpoint.isPresent()) {
      LOG.log(Level.WARNING, "secretfn: AWS KMS endpoint overridden to " + endpoint.get()
          + " (local emulator; dummy credentials)");
      builder.endpointOverride(endpoint.get()).credentialsProvider(emulatorCredentials());
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }

  @Provides
  @Singleton
  static S3Client s3Client(ResolvedAwsSettings settings) {
    var builder = S3Client.builder()
        .region(settings.region())
        .httpClient(httpClient(settings.deadline))
        .overrideConfiguration(overrides(settings.deadline));
    Optional<URI> endpoint = settings.settings.s3Endpoint(settings.environment);
    if (endpoint.isPresent()) {
      LOG.log(Level.WARNING, "secretfn: S3 endpoint overridden to " + endpoint.get()
          + " (local emulator; dummy credentials, path-style requests)");
      builder.endpointOverride(endpoint.get()).forcePathStyle(true).credentialsProvider(emulatorCredentials());
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }

  private static SdkHttpClient httpClient(Duration deadline) {
    return UrlConnectionHttpClient.builder().connectionTimeout(deadline).socketTimeout(deadline).build();
  }

  private static ClientOverrideConfiguration overrides(Duration deadline) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallTimeout(deadline)
        .build();
  }

  private static AwsCredentialsProvider emulatorCredentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("secretfn-emulator", "secretfn-emulator"));
  }

  /** The settings with the environment applied. */
  static final class ResolvedAwsSettings {
    final AwsSettings settings;
    final Environment environment;
    final Duration deadline;

    ResolvedAwsSettings(AwsSettings settings, Environment environment, Duration deadline) {
      this.settings = settings;
      this.environment = environment;
      this.deadline = deadline;
    }

    Region region() {
      return Region.of(environment.get(REGION_VARIABLE).orElseThrow(() -> new IllegalStateException(
          REGION_VARIABLE + " is not set: Lambda sets it; elsewhere set it to the region of the key and bucket")));
    }
  }
}

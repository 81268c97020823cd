package dev.secretfn.aws;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretfnModule;
import jakarta.inject.Singleton;
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

/**
 * What every AWS client shares: settings, the URL connection HTTP client, region from AWS_REGION, the default
 * credentials chain (which SnapStart's container credentials satisfy), SDK retries off because the resolver
 * retries within its deadline. Each source's module provides its own client, so that a function using only
 * KMS compiles and runs without the S3 SDK on its class path, and the other way round.
 */
@Module(includes = SecretfnModule.class)
abstract class AwsClientsModule {
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

  static SdkHttpClient httpClient(Duration deadline) {
    return UrlConnectionHttpClient.builder().connectionTimeout(deadline).socketTimeout(deadline).build();
  }

  static ClientOverrideConfiguration overrides(Duration deadline) {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .apiCallTimeout(deadline)
        .build();
  }

  /** The default chain, or fixed dummy credentials for a loopback emulator (which checks none). */
  static AwsCredentialsProvider credentials(boolean emulator) {
    return emulator ? emulatorCredentials() : DefaultCredentialsProvider.builder().build();
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

package dev.secretfn.aws.internal;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.internal.ResolutionModule;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Not an API: what every AWS store module includes, and what every AWS transport shares: settings with the
 * environment applied ({@link AwsConfig}) and credentials (the default chain, which SnapStart's container
 * credentials satisfy, or the environment's keys directly where the chain would pick them anyway). What the
 * official SDK clients share besides is in {@link AwsSdkClients}. Each store provides its own transport, so that
 * a function using only KMS runs without the S3 classes, and the other way round.
 */
@Module(includes = ResolutionModule.class)
public abstract class AwsModule {
  private AwsModule() {}

  @BindsOptionalOf
  abstract AwsSettings optionalSettings();

  @Provides
  @Singleton
  static AwsConfig config(
      Optional<AwsSettings> settings, Optional<Environment> environment, Optional<ResolverSettings> resolver) {
    return new AwsConfig(
        settings.orElseGet(AwsSettings::defaults),
        environment.orElseGet(Environment::system),
        resolver.orElseGet(ResolverSettings::defaults).deadline());
  }

  /** The credentials a client signs with; fixed dummy ones for a loopback emulator (which checks none). */
  public static AwsCredentialsProvider credentials(AwsConfig config, boolean emulator) {
    return emulator
        ? emulatorCredentials()
        : credentials(name -> config.environment().get(name).orElse(null), System::getProperty);
  }

  /**
   * The environment variables' credentials when the default chain would pick them anyway, else the default
   * chain. Lambda puts the execution role's credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; going
   * straight to them skips building the chain's other providers (profile files, web identity, container,
   * instance metadata): in a probe, 260 fewer classes and 45-80 ms less on the first resolve. SnapStart
   * functions get container credentials and no keys in the environment, so they keep the default chain.
   */
  static AwsCredentialsProvider credentials(UnaryOperator<String> env, UnaryOperator<String> systemProperty) {
    // The chain's first provider reads system properties; only when it has nothing do the variables win.
    boolean fromProperties = systemProperty.apply("aws.accessKeyId") != null;
    boolean fromEnvironment = env.apply("AWS_ACCESS_KEY_ID") != null && env.apply("AWS_SECRET_ACCESS_KEY") != null;
    return !fromProperties && fromEnvironment
        ? EnvironmentVariableCredentialsProvider.create()
        : DefaultCredentialsProvider.builder().build();
  }

  private static AwsCredentialsProvider emulatorCredentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create("secretfn-emulator", "secretfn-emulator"));
  }
}

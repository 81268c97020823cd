package dev.secretfn.aws.s3.client;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.s3.internal.S3Transport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Singleton;

/**
 * Makes the S3 store ({@code S3Module}) read through the AWS SDK v2's {@code S3Client} (URL connection HTTP
 * client, SDK retries off, the SDK's endpoint rules, credential providers and integrity check) instead of its
 * lean transport. Add it to the component next to {@code S3Module}:
 *
 * <pre>{@code
 * @Component(modules = {OrdersSecretsModule.class, S3Module.class, S3ClientTransportModule.class})
 * }</pre>
 *
 * <p>Messages, retries and the deadline are the same on both transports, and so are the endpoint settings
 * ({@code AWS_ENDPOINT_URL_S3}, {@code AWS_ENDPOINT_URL}, FIPS and dual-stack, secretfn's emulator override).
 * The client is built on the first fetch; it follows a bucket into its region ({@code crossRegionAccessEnabled}),
 * as the lean transport does.
 */
@Module(includes = AwsModule.class)
public abstract class S3ClientTransportModule {
  private S3ClientTransportModule() {}

  @Provides
  @Singleton
  @OfficialClient
  static S3Transport officialClient(AwsConfig config) {
    return SdkS3Transport.create(config);
  }
}

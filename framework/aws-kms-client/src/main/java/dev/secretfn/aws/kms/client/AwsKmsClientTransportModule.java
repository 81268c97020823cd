package dev.secretfn.aws.kms.client;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.kms.internal.AwsKmsTransport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Singleton;

/**
 * Makes the AWS KMS store call KMS through the AWS SDK v2's {@code KmsClient} (URL connection HTTP client, SDK
 * retries off, the SDK's endpoint rules and credential providers) instead of its lean transport. Add it to the
 * component next to {@code AwsKmsModule}:
 *
 * <pre>{@code
 * @Component(modules = {OrdersSecretsModule.class, AwsKmsModule.class, AwsKmsClientTransportModule.class})
 * }</pre>
 *
 * <p>Messages, retries and the deadline are the same on both transports. Clients are built on the first fetch,
 * one per region (a key ARN's region, else {@code AWS_REGION}).
 */
@Module(includes = AwsModule.class)
public abstract class AwsKmsClientTransportModule {
  private AwsKmsClientTransportModule() {}

  @Provides
  @Singleton
  @OfficialClient
  static AwsKmsTransport officialClient(AwsConfig config) {
    return SdkAwsKmsTransport.create(config);
  }
}

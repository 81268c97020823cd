package dev.secretfn.aws.ssm.client;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.ssm.internal.SsmTransport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Singleton;

/**
 * Makes the SSM Parameter Store store call {@code GetParameters} through the AWS SDK v2's {@code SsmClient} (URL
 * connection HTTP client, SDK retries off, the SDK's endpoint rules and credential providers) instead of its lean
 * transport. Add it to the component next to {@code SsmModule}:
 *
 * <pre>{@code
 * @Component(modules = {OrdersSecretsModule.class, SsmModule.class, SsmClientTransportModule.class})
 * }</pre>
 *
 * <p>Batching (up to ten parameters to a call), messages, retries and the deadline are the same on both transports.
 * Clients are built on the first fetch, one per region ({@code AWS_REGION}), each once.
 */
@Module(includes = AwsModule.class)
public abstract class SsmClientTransportModule {
  private SsmClientTransportModule() {}

  @Provides
  @Singleton
  @OfficialClient
  static SsmTransport officialClient(AwsConfig config) {
    return SdkSsmTransport.create(config);
  }
}

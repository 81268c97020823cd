package dev.secretfn.aws.secretsmanager.client;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.aws.secretsmanager.internal.SecretsManagerTransport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Singleton;

/**
 * Makes the AWS Secrets Manager store call {@code GetSecretValue} through the AWS SDK v2's {@code
 * SecretsManagerClient} (URL connection HTTP client, SDK retries off, the SDK's endpoint rules and credential
 * providers) instead of its lean transport. Add it to the component next to {@code SecretsManagerModule}:
 *
 * <pre>{@code
 * @Component(modules = {OrdersSecretsModule.class, SecretsManagerModule.class,
 *     SecretsManagerClientTransportModule.class})
 * }</pre>
 *
 * <p>Messages, fixes, retries, the size limit and the deadline are the same on both transports. Clients are built on
 * the first fetch, one per region (a secret ARN's region, else {@code AWS_REGION}), each once.
 */
@Module(includes = AwsModule.class)
public abstract class SecretsManagerClientTransportModule {
  private SecretsManagerClientTransportModule() {}

  @Provides
  @Singleton
  @OfficialClient
  static SecretsManagerTransport officialClient(AwsConfig config) {
    return SdkSecretsManagerTransport.create(config);
  }
}

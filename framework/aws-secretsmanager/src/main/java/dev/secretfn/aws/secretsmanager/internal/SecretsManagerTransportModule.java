package dev.secretfn.aws.secretsmanager.internal;

import dagger.BindsOptionalOf;
import dagger.Lazy;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Not an API: selects the AWS Secrets Manager store's transport. The official client's when the component binds
 * one ({@code SecretsManagerClientTransportModule} of {@code secretfn-aws-secretsmanager-client}), else the lean
 * one. Built once, on first use: inject it as {@code Lazy<SecretsManagerTransport>}.
 */
@Module(includes = AwsModule.class)
public abstract class SecretsManagerTransportModule {
  private SecretsManagerTransportModule() {}

  @BindsOptionalOf
  @OfficialClient
  abstract SecretsManagerTransport officialClient();

  @Provides
  @Singleton
  static SecretsManagerTransport transport(@OfficialClient Optional<Lazy<SecretsManagerTransport>> official,
      AwsConfig config) {
    return official.isPresent() ? official.get().get() : LeanSecretsManagerTransport.create(config);
  }
}

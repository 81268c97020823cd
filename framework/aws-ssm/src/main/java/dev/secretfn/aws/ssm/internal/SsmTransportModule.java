package dev.secretfn.aws.ssm.internal;

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
 * Not an API: selects the SSM Parameter Store store's transport. The official client's when the component binds
 * one ({@code SsmClientTransportModule} of {@code secretfn-aws-ssm-client}), else the lean one. Built once, on
 * first use: inject it as {@code Lazy<SsmTransport>}.
 */
@Module(includes = AwsModule.class)
public abstract class SsmTransportModule {
  private SsmTransportModule() {}

  @BindsOptionalOf
  @OfficialClient
  abstract SsmTransport officialClient();

  @Provides
  @Singleton
  static SsmTransport transport(@OfficialClient Optional<Lazy<SsmTransport>> official, AwsConfig config) {
    return official.isPresent() ? official.get().get() : LeanSsmTransport.create(config);
  }
}

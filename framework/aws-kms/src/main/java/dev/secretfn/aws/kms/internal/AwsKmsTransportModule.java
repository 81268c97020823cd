package dev.secretfn.aws.kms.internal;

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
 * Not an API: selects the AWS KMS store's transport. The official client's when the component binds one
 * ({@code AwsKmsClientTransportModule} of {@code secretfn-aws-kms-client}), else the lean one. Built once, on
 * first use: inject it as {@code Lazy<AwsKmsTransport>}.
 */
@Module(includes = AwsModule.class)
public abstract class AwsKmsTransportModule {
  private AwsKmsTransportModule() {}

  @BindsOptionalOf
  @OfficialClient
  abstract AwsKmsTransport officialClient();

  @Provides
  @Singleton
  static AwsKmsTransport transport(@OfficialClient Optional<Lazy<AwsKmsTransport>> official, AwsConfig config) {
    return official.isPresent() ? official.get().get() : LeanAwsKmsTransport.create(config);
  }
}

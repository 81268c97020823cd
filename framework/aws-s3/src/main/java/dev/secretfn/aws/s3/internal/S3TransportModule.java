package dev.secretfn.aws.s3.internal;

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
 * Not an API: selects the S3 source's transport, included by {@code S3Module}. The official client's when the
 * component also includes {@code S3ClientTransportModule} (artifact {@code secretfn-aws-s3-client}), which binds
 * {@code @OfficialClient S3Transport}; else the lean one. Either is built on first use.
 */
@Module(includes = AwsModule.class)
public abstract class S3TransportModule {
  private S3TransportModule() {}

  @BindsOptionalOf
  @OfficialClient
  abstract S3Transport officialClient();

  @Provides
  @Singleton
  static S3Transport transport(@OfficialClient Optional<Lazy<S3Transport>> official, AwsConfig config) {
    return official.isPresent() ? official.get().get() : LeanS3Transport.create(config);
  }
}

package dev.secretfn.aws;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the S3 source: {@code s3://bucket/key[?versionId=V][#field]}. The client is built on first use.
 * Needs {@code s3:GetObject} on the object ({@code s3:GetObjectVersion} for a version pin).
 */
@Module(includes = AwsClientsModule.class)
public abstract class S3Module {
  private S3Module() {}

  @Binds
  @IntoSet
  abstract SecretSource s3(S3Source source);
}

package dev.secretfn.aws.s3;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.aws.s3.internal.S3TransportModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the S3 source: {@code s3://bucket/key[?versionId=V][#field]}. Needs {@code s3:GetObject} on the object
 * ({@code s3:GetObjectVersion} for a version pin).
 *
 * <p>Reads go over the lean transport: S3's REST API on the JDK's HttpURLConnection, signed with the AWS SDK's
 * SigV4 signer and credential providers, built on first use. To read through the AWS SDK's {@code S3Client}
 * instead, add {@code S3ClientTransportModule} (artifact {@code secretfn-aws-s3-client}) to the component:
 *
 * <pre>{@code
 * @Component(modules = {MySecretsModule.class, S3Module.class, S3ClientTransportModule.class})
 * }</pre>
 */
@Module(includes = S3TransportModule.class)
public abstract class S3Module {
  private S3Module() {}

  @Binds
  @IntoSet
  abstract SecretSource s3(S3Source source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax s3Syntax(S3Syntax syntax);
}

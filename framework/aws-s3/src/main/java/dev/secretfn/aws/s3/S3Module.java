package dev.secretfn.aws.s3;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Binds the S3 source: {@code s3://bucket/key[?versionId=V][#field]}. The client is built on first use.
 * Needs {@code s3:GetObject} on the object ({@code s3:GetObjectVersion} for a version pin).
 */
@Module(includes = AwsModule.class)
public abstract class S3Module {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private S3Module() {}

  @Binds
  @IntoSet
  abstract SecretSource s3(S3Source source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax s3Syntax(S3Syntax syntax);

  @Provides
  @Singleton
  static S3Client s3Client(AwsConfig config) {
    Optional<URI> endpoint = config.s3Endpoint();
    var builder = S3Client.builder()
        .region(config.region())
        .httpClient(AwsModule.httpClient(config.deadline()))
        .overrideConfiguration(AwsModule.overrides(config.deadline()))
        .credentialsProvider(AwsModule.credentials(config, endpoint.isPresent()));
    if (endpoint.isPresent()) {
      LOG.log(Level.WARNING, "secretfn: S3 endpoint overridden to " + endpoint.get()
          + " (local emulator; dummy credentials, path-style requests)");
      builder.endpointOverride(endpoint.get()).forcePathStyle(true);
    }
    return builder.build();
  }
}

package dev.secretfn.aws.kms;

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
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Binds the AWS KMS source: {@code aws-kms://[KEY]?ciphertext=...} references and bare ciphertexts declared
 * {@code @Encrypted(Kms.AWS)}, as the Lambda console's encryption helpers make them. The client is built on
 * first use. Needs {@code kms:Decrypt} on the key.
 */
@Module(includes = AwsModule.class)
public abstract class AwsKmsModule {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private AwsKmsModule() {}

  @Binds
  @IntoSet
  abstract SecretSource awsKms(AwsKmsSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax awsKmsSyntax(AwsKmsSyntax syntax);

  @Provides
  @Singleton
  static KmsClient kmsClient(AwsConfig config) {
    Optional<URI> endpoint = config.kmsEndpoint();
    var builder = KmsClient.builder()
        .region(config.region())
        .httpClient(AwsModule.httpClient(config.deadline()))
        .overrideConfiguration(AwsModule.overrides(config.deadline()))
        .credentialsProvider(AwsModule.credentials(config, endpoint.isPresent()));
    if (endpoint.isPresent()) {
      LOG.log(Level.WARNING, "secretfn: AWS KMS endpoint overridden to " + endpoint.get()
          + " (local emulator; dummy credentials)");
      builder.endpointOverride(endpoint.get());
    }
    return builder.build();
  }
}

package dev.secretfn.aws;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the AWS KMS source: {@code aws-kms://[KEY]?ciphertext=...} references and bare ciphertexts declared
 * {@code @Encrypted(Kms.AWS)}, as the Lambda console's encryption helpers make them. The client is built on
 * first use. Needs {@code kms:Decrypt} on the key.
 */
@Module(includes = AwsClientsModule.class)
public abstract class AwsKmsModule {
  private AwsKmsModule() {}

  @Binds
  @IntoSet
  abstract SecretSource awsKms(AwsKmsSource source);
}

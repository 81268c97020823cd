package dev.secretfn.aws.kms;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.aws.kms.internal.AwsKmsTransportModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the AWS KMS source: {@code aws-kms://[KEY]?ciphertext=...} references and bare ciphertexts declared
 * {@code @Encrypted(Kms.AWS)}, as the Lambda console's encryption helpers make them. Needs {@code kms:Decrypt}
 * on the key.
 *
 * <p>Calls AWS KMS's JSON API over the JDK's {@code HttpURLConnection}, signed with the AWS SDK's signer and
 * credential providers; the transport is built on first use. To call KMS through the SDK's {@code KmsClient}
 * instead, add {@code AwsKmsClientTransportModule} of {@code secretfn-aws-kms-client} to the component too.
 */
@Module(includes = AwsKmsTransportModule.class)
public abstract class AwsKmsModule {
  private AwsKmsModule() {}

  @Binds
  @IntoSet
  abstract SecretSource awsKms(AwsKmsSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax awsKmsSyntax(AwsKmsSyntax syntax);
}

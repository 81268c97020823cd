package dev.secretfn.gcp.kms;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the Cloud KMS source: {@code gcp-kms://} references and bare ciphertexts declared
 * {@code @Encrypted(Kms.GCP)} (key in {@code KMS_CRYPTO_KEY_ID}). The transport is built on first use: the lean
 * one by default, google-cloud-kms when the component also includes {@code CloudKmsClientTransportModule}
 * (secretfn-gcp-kms-client). Needs {@code roles/cloudkms.cryptoKeyDecrypter} on each key.
 */
@Module(includes = CloudKmsTransportModule.class)
public abstract class CloudKmsModule {
  private CloudKmsModule() {}

  @Binds
  @IntoSet
  abstract SecretSource cloudKms(CloudKmsSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax cloudKmsSyntax(GcpKmsSyntax syntax);
}

package dev.secretfn.gcp.storage;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.gcp.kms.CloudKmsTransportModule;
import dev.secretfn.gcp.storage.internal.CloudStorageTransportModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the Berglas source: {@code berglas://bucket/object[#generation]}, compatible with secrets the Berglas
 * tool creates. Needs {@code storage.objects.get} on the object and {@code roles/cloudkms.cryptoKeyDecrypter}
 * on the key named in its {@code berglas-kms-key} metadata. Cloud Storage is read over its JSON API with the
 * JDK's HTTP client, unless the component also includes {@code CloudStorageClientTransportModule} (artifact
 * {@code secretfn-gcp-storage-client}), which reads it with google-cloud-storage.
 */
@Module(includes = {CloudStorageTransportModule.class, CloudKmsTransportModule.class})
public abstract class BerglasModule {
  private BerglasModule() {}

  @Binds
  @IntoSet
  abstract SecretSource berglas(BerglasSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax berglasSyntax(BerglasSyntax syntax);
}

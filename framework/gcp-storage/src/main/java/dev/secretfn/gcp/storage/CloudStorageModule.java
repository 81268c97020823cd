package dev.secretfn.gcp.storage;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.gcp.storage.internal.CloudStorageTransportModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the Cloud Storage source: {@code gs://bucket/object[?generation=N][#field]}. Needs {@code
 * storage.objects.get} on each object ({@code roles/storage.objectViewer}). Objects are read over Cloud Storage's
 * JSON API with the JDK's HTTP client, built on first use; a component that also includes {@code
 * CloudStorageClientTransportModule} (artifact {@code secretfn-gcp-storage-client}) reads them with
 * google-cloud-storage instead.
 */
@Module(includes = CloudStorageTransportModule.class)
public abstract class CloudStorageModule {
  private CloudStorageModule() {}

  @Binds
  @IntoSet
  abstract SecretSource cloudStorage(CloudStorageSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax cloudStorageSyntax(GcsSyntax syntax);
}

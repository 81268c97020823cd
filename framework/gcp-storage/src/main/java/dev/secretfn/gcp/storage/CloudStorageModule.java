package dev.secretfn.gcp.storage;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;

/**
 * Binds the Cloud Storage source: {@code gs://bucket/object[?generation=N][#field]}. The client is built on
 * first use. Needs {@code storage.objects.get} on each object ({@code roles/storage.objectViewer}).
 */
@Module(includes = StorageClientModule.class)
public abstract class CloudStorageModule {
  private CloudStorageModule() {}

  @Binds
  @IntoSet
  abstract SecretSource cloudStorage(CloudStorageSource source);

  @Binds
  @IntoSet
  abstract ReferenceSyntax cloudStorageSyntax(GcsSyntax syntax);
}

package dev.secretfn.gcp.storage.client;

import dagger.Binds;
import dagger.Module;
import dev.secretfn.gcp.storage.internal.CloudStorageTransport;
import dev.secretfn.internal.OfficialClient;

/**
 * Reads Cloud Storage with google-cloud-storage (its JSON API over HTTP) instead of the lean transport that
 * {@code CloudStorageModule} and {@code BerglasModule} use by default. Include it in the function's component next
 * to the store module:
 *
 * <pre>{@code
 * @Singleton
 * @Component(modules = {MySecretsModule.class, CloudStorageModule.class, CloudStorageClientTransportModule.class})
 * interface MyFunctionComponent { ... }
 * }</pre>
 *
 * <p>Choose it when a team standardises on the official client, or needs what only it offers (its own settings
 * and interceptors); it costs the client's start-up (hundreds of milliseconds of class loading on a cold JVM) and
 * its jars. Behaviour is the same on both: the same requests' semantics, size limit, CRC32C check, gzip handling,
 * deadlines, and the same failure messages and fixes. The client is built once per component, on the first fetch,
 * with Application Default Credentials (none with an emulator endpoint); SnapStart priming does not build it, as
 * that would read credentials before the snapshot.
 */
@Module(includes = StorageClientModule.class)
public abstract class CloudStorageClientTransportModule {
  private CloudStorageClientTransportModule() {}

  @Binds
  @OfficialClient
  abstract CloudStorageTransport officialClient(StorageClientTransport transport);
}

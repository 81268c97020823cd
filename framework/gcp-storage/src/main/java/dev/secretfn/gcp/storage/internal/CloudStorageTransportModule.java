package dev.secretfn.gcp.storage.internal;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.gcp.internal.GcpModule;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Not an API: selects the {@link CloudStorageTransport} of a component, which {@code CloudStorageModule} and
 * {@code BerglasModule} include. The official client's when the component also includes {@code
 * CloudStorageClientTransportModule} (which binds {@code @OfficialClient CloudStorageTransport}), else the lean
 * one. Once per component, and only when a source first asks for it (sources inject {@code dagger.Lazy}).
 */
@Module(includes = GcpModule.class)
public abstract class CloudStorageTransportModule {
  private CloudStorageTransportModule() {}

  @BindsOptionalOf
  @OfficialClient
  abstract CloudStorageTransport officialClient();

  @Provides
  @Singleton
  static CloudStorageTransport transport(
      @OfficialClient Optional<Provider<CloudStorageTransport>> official, Provider<JsonApiTransport> lean) {
    return official.isPresent() ? official.get().get() : lean.get();
  }
}

package dev.secretfn.gcp.secretmanager;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.gcp.internal.GcpModule;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The transport every Secret Manager call goes through, once per component: the official
 * google-cloud-secretmanager client when the component also includes {@code SecretManagerClientTransportModule}
 * (artifact secretfn-gcp-secretmanager-client), else the lean transport (Secret Manager's REST API over the JDK's
 * {@code HttpURLConnection}). Consumers inject {@code dagger.Lazy<SecretManagerTransport>}, so neither is built
 * before the first call. Included by {@link SecretManagerModule}.
 */
@Module(includes = GcpModule.class)
public abstract class SecretManagerTransportModule {
  private SecretManagerTransportModule() {}

  @BindsOptionalOf
  @OfficialClient
  abstract SecretManagerTransport officialClient();

  @Provides
  @Singleton
  static SecretManagerTransport transport(@OfficialClient Optional<Provider<SecretManagerTransport>> official,
      Provider<LeanSecretManagerTransport> lean) {
    return official.isPresent() ? official.get().get() : lean.get();
  }
}

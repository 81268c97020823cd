package dev.secretfn.gcp.secretmanager.client;

import dagger.Binds;
import dagger.Module;
import dev.secretfn.gcp.internal.GcpModule;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.internal.OfficialClient;

/**
 * Sends the Secret Manager calls of {@code SecretManagerModule} ({@code sm://} and {@code gcp-sm://}) through the
 * official google-cloud-secretmanager client (REST transport) instead of the lean default. Add it to the component
 * next to the store module:
 *
 * <pre>{@code
 * @Singleton
 * @Component(modules = {MySecretsModule.class, SecretManagerModule.class, SecretManagerClientTransportModule.class})
 * interface FunctionComponent { ... }
 * }</pre>
 *
 * <p>Clients are built only when a source first needs one, and once per endpoint: Google's global endpoint, and
 * {@code secretmanager.LOCATION.rep.googleapis.com} for the regional secrets of each location (or a single one for
 * an emulator endpoint, without credentials). Client-side retries are off because the resolver retries within its
 * deadline; Application Default Credentials unless an emulator endpoint is set. Failures read exactly as on the
 * lean transport.
 */
@Module(includes = GcpModule.class)
public abstract class SecretManagerClientTransportModule {
  private SecretManagerClientTransportModule() {}

  @Binds
  @OfficialClient
  abstract SecretManagerTransport official(OfficialSecretManagerTransport transport);
}

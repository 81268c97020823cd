package dev.secretfn.gcp.secretmanager.client;

import dagger.Component;
import dev.secretfn.gcp.GcpSettings;
import dagger.Lazy;
import dev.secretfn.gcp.secretmanager.SecretManagerModule;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Singleton;
import java.util.Map;

/** The Secret Manager store with the official-client transport, as a function's component binds it. */
@Singleton
@Component(modules = {SecretManagerModule.class, SecretManagerClientTransportModule.class,
    ContractDeployment.class})
interface OfficialSecretManagerComponent extends SecretManagerComponent {
  /** The official transport, so that a test can close its clients (and their threads). */
  @OfficialClient
  Lazy<SecretManagerTransport> official();

  @Component.Factory
  interface Factory {
    OfficialSecretManagerComponent create(ContractDeployment deployment);
  }

  static OfficialSecretManagerComponent of(Map<String, String> variables) {
    return of(variables, GcpSettings.defaults());
  }

  static OfficialSecretManagerComponent of(Map<String, String> variables, GcpSettings settings) {
    return DaggerOfficialSecretManagerComponent.factory().create(new ContractDeployment(variables, settings));
  }

  /** Closes the clients the official transport built (none if it never ran). */
  default void closeClients() {
    ((OfficialSecretManagerTransport) official().get()).close();
  }
}

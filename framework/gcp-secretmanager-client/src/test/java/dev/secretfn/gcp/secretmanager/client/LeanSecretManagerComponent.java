package dev.secretfn.gcp.secretmanager.client;

import dagger.Component;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.secretmanager.SecretManagerModule;
import jakarta.inject.Singleton;
import java.util.Map;

/** The Secret Manager store with its default, lean transport, to compare the official one with. */
@Singleton
@Component(modules = {SecretManagerModule.class, ContractDeployment.class})
interface LeanSecretManagerComponent extends SecretManagerComponent {
  @Component.Factory
  interface Factory {
    LeanSecretManagerComponent create(ContractDeployment deployment);
  }

  static LeanSecretManagerComponent of(Map<String, String> variables) {
    return of(variables, GcpSettings.defaults());
  }

  static LeanSecretManagerComponent of(Map<String, String> variables, GcpSettings settings) {
    return DaggerLeanSecretManagerComponent.factory().create(new ContractDeployment(variables, settings));
  }
}

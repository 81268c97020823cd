package dev.secretfn.gcp.kms.client;

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import jakarta.inject.Singleton;
import java.util.Map;

/** The Cloud KMS store with its default, lean transport, to compare the official one with. */
@Singleton
@Component(modules = {CloudKmsModule.class, ContractDeployment.class})
interface LeanKmsComponent extends KmsComponent {
  @Component.Factory
  interface Factory {
    LeanKmsComponent create(ContractDeployment deployment);
  }

  static LeanKmsComponent of(Map<String, String> variables) {
    return DaggerLeanKmsComponent.factory().create(new ContractDeployment(variables));
  }
}

package dev.secretfn.gcp.storage;

import dagger.Component;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The gs:// store as a function's component binds it, for the contract tests. */
@Singleton
@Component(modules = {CloudStorageModule.class, ContractDeployment.class})
interface CloudStorageContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    CloudStorageContractComponent create(ContractDeployment deployment);
  }

  /** The component for {@code variables}. */
  static CloudStorageContractComponent of(Map<String, String> variables) {
    return DaggerCloudStorageContractComponent.factory().create(new ContractDeployment(variables));
  }
}

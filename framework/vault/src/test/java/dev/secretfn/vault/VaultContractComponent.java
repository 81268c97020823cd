package dev.secretfn.vault;

import dagger.Component;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The vault:// store with the gcp login, as a function on Google Cloud binds it, for the contract tests. */
@Singleton
@Component(modules = {VaultModule.class, VaultGcpLoginModule.class, ContractDeployment.class})
interface VaultContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    VaultContractComponent create(ContractDeployment deployment);
  }

  /** The component for {@code variables}. */
  static VaultContractComponent of(Map<String, String> variables) {
    return DaggerVaultContractComponent.factory().create(new ContractDeployment(variables));
  }
}

package dev.secretfn.gcp.storage;

import dagger.Component;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The berglas:// store as a function's component binds it, for the contract tests. */
@Singleton
@Component(modules = {BerglasModule.class, ContractDeployment.class})
interface BerglasContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    BerglasContractComponent create(ContractDeployment deployment);
  }

  /** The component for {@code variables}. */
  static BerglasContractComponent of(Map<String, String> variables) {
    return DaggerBerglasContractComponent.factory().create(new ContractDeployment(variables));
  }
}

package dev.secretfn.gcp.kms;

import dagger.Component;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The Cloud KMS store as a function's component binds it, for the contract tests. */
@Singleton
@Component(modules = {CloudKmsModule.class, ContractDeployment.class})
interface CloudKmsContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    CloudKmsContractComponent create(ContractDeployment deployment);
  }

  /** The component for {@code variables}. */
  static CloudKmsContractComponent of(Map<String, String> variables) {
    return DaggerCloudKmsContractComponent.factory().create(new ContractDeployment(variables));
  }
}

package dev.secretfn.gcp.secretmanager;

import dagger.Component;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The Secret Manager store as a function's component binds it, for the contract tests. */
@Singleton
@Component(modules = {SecretManagerModule.class, ContractDeployment.class})
interface SecretManagerContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    SecretManagerContractComponent create(ContractDeployment deployment);
  }

  /** The component for {@code variables}. */
  static SecretManagerContractComponent of(Map<String, String> variables) {
    return DaggerSecretManagerContractComponent.factory().create(new ContractDeployment(variables));
  }

  default ReferenceSyntax syntax(Scheme scheme) {
    return syntaxes().stream().filter(s -> s.scheme().equals(scheme)).findFirst().orElseThrow();
  }

  default SecretSource source(Scheme scheme) {
    return sources().stream().filter(s -> s.scheme().equals(scheme)).findFirst().orElseThrow();
  }
}

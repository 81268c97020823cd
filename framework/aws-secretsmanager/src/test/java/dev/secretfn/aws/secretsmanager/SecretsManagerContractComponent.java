package dev.secretfn.aws.secretsmanager;

import dagger.Component;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The Secrets Manager store as a function's component binds it, for the tests. */
@Singleton
@Component(modules = {SecretsManagerModule.class, ContractDeployment.class})
interface SecretsManagerContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    SecretsManagerContractComponent create(ContractDeployment deployment);
  }

  static SecretsManagerContractComponent of(Map<String, String> variables) {
    return of(variables, AwsSettings.defaults());
  }

  static SecretsManagerContractComponent of(Map<String, String> variables, AwsSettings settings) {
    return DaggerSecretsManagerContractComponent.factory().create(new ContractDeployment(variables, settings));
  }
}

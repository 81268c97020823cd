package dev.secretfn.aws.ssm;

import dagger.Component;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The SSM store as a function's component binds it, for the tests. */
@Singleton
@Component(modules = {SsmModule.class, ContractDeployment.class})
interface SsmContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    SsmContractComponent create(ContractDeployment deployment);
  }

  static SsmContractComponent of(Map<String, String> variables) {
    return DaggerSsmContractComponent.factory().create(new ContractDeployment(variables, AwsSettings.defaults()));
  }
}

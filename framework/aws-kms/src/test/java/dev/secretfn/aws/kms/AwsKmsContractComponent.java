package dev.secretfn.aws.kms;

import dagger.Component;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The AWS KMS store as a function's component binds it (lean transport), for the tests. */
@Singleton
@Component(modules = {AwsKmsModule.class, ContractDeployment.class})
interface AwsKmsContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    AwsKmsContractComponent create(ContractDeployment deployment);
  }

  /** The component for {@code variables}. */
  static AwsKmsContractComponent of(Map<String, String> variables) {
    return of(variables, AwsSettings.defaults());
  }

  static AwsKmsContractComponent of(Map<String, String> variables, AwsSettings settings) {
    return DaggerAwsKmsContractComponent.factory().create(new ContractDeployment(variables, settings));
  }
}

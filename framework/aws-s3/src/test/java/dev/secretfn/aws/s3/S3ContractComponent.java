package dev.secretfn.aws.s3;

import dagger.Component;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The S3 store as a function's component binds it, for the contract tests. */
@Singleton
@Component(modules = {S3Module.class, ContractDeployment.class})
interface S3ContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    S3ContractComponent create(ContractDeployment deployment);
  }

  /** The component for {@code variables}. */
  static S3ContractComponent of(Map<String, String> variables) {
    return DaggerS3ContractComponent.factory().create(new ContractDeployment(variables));
  }
}

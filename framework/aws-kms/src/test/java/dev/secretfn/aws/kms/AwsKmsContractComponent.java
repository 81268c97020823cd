package dev.secretfn.aws.kms;

import dagger.Component;
import dagger.Lazy;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;

/** The AWS KMS store as a function's component binds it, for the contract tests. */
@Singleton
@Component(modules = {AwsKmsModule.class, ContractDeployment.class})
interface AwsKmsContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  /** So that the fixture can close the client. */
  Lazy<KmsClient> kmsClient();

  @Component.Factory
  interface Factory {
    AwsKmsContractComponent create(ContractDeployment deployment);
  }

  /** The component for {@code variables}. */
  static AwsKmsContractComponent of(Map<String, String> variables) {
    return DaggerAwsKmsContractComponent.factory().create(new ContractDeployment(variables));
  }
}

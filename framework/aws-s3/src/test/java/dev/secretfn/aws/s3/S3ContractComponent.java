package dev.secretfn.aws.s3;

import dagger.Component;
import dagger.Lazy;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store as a function's component binds it, for the contract tests. */
@Singleton
@Component(modules = {S3Module.class, ContractDeployment.class})
interface S3ContractComponent {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  /** So that the fixture can close the client. */
  Lazy<S3Client> s3Client();

  @Component.Factory
  interface Factory {
    S3ContractComponent create(ContractDeployment deployment);
  }

  /** The component for {@code variables}. */
  static S3ContractComponent of(Map<String, String> variables) {
    return DaggerS3ContractComponent.factory().create(new ContractDeployment(variables));
  }
}

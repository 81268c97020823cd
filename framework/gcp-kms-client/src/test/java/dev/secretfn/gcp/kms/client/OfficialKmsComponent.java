package dev.secretfn.gcp.kms.client;

import com.google.cloud.kms.v1.KeyManagementServiceClient;
import dagger.Component;
import dagger.Lazy;
import dev.secretfn.gcp.kms.CloudKmsModule;
import jakarta.inject.Singleton;
import java.util.Map;

/** The Cloud KMS store with the official-client transport, as a function's component binds it. */
@Singleton
@Component(modules = {CloudKmsModule.class, CloudKmsClientTransportModule.class, ContractDeployment.class})
interface OfficialKmsComponent extends KmsComponent {
  /** So that a test can close the client and its threads. */
  Lazy<KeyManagementServiceClient> kmsClient();

  @Component.Factory
  interface Factory {
    OfficialKmsComponent create(ContractDeployment deployment);
  }

  static OfficialKmsComponent of(Map<String, String> variables) {
    return DaggerOfficialKmsComponent.factory().create(new ContractDeployment(variables));
  }
}

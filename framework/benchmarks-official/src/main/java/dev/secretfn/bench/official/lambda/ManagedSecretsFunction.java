package dev.secretfn.bench.official.lambda;

import dev.secretfn.lambda.SecretRequestHandler;
import java.util.Map;

/**
 * The billing sample's secrets on the official clients: a Secrets Manager JSON secret's two fields through the AWS
 * SDK's SecretsManagerClient and two SSM parameters through its SsmClient.
 */
public final class ManagedSecretsFunction extends SecretRequestHandler<Map<String, Object>, String> {
  public ManagedSecretsFunction() {
    super(() -> DaggerManagedSecretsComponent.create().handler());
  }
}

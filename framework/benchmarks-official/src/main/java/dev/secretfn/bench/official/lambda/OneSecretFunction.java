package dev.secretfn.bench.official.lambda;

import dev.secretfn.lambda.SecretRequestHandler;
import java.util.Map;

/** Scenario 3 on the official client: secretfn with one AWS KMS secret through the AWS SDK's KmsClient. */
public final class OneSecretFunction extends SecretRequestHandler<Map<String, Object>, String> {
  public OneSecretFunction() {
    super(() -> DaggerOneSecretComponent.create().handler());
  }
}

package dev.secretfn.bench.lambda;

import dev.secretfn.lambda.SecretRequestHandler;
import java.util.Map;

/** Scenario 3: secretfn with one AWS KMS secret. */
public final class OneSecretFunction extends SecretRequestHandler<Map<String, Object>, String> {
  public OneSecretFunction() {
    super(() -> DaggerOneSecretComponent.create().handler());
  }
}

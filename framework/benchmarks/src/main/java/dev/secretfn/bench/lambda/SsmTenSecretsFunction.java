package dev.secretfn.bench.lambda;

import dev.secretfn.lambda.SecretRequestHandler;
import java.util.Map;

/** secretfn with ten SecureString parameters from Parameter Store, batched: one GetParameters call. */
public final class SsmTenSecretsFunction extends SecretRequestHandler<Map<String, Object>, String> {
  public SsmTenSecretsFunction() {
    super(() -> DaggerSsmTenSecretsComponent.create().handler());
  }
}

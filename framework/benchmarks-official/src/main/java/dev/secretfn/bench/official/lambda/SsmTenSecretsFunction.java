package dev.secretfn.bench.official.lambda;

import dev.secretfn.lambda.SecretRequestHandler;
import java.util.Map;

/**
 * secretfn with ten SecureString parameters from Parameter Store through the AWS SDK's SsmClient, batched as on the
 * lean transport: one GetParameters call.
 */
public final class SsmTenSecretsFunction extends SecretRequestHandler<Map<String, Object>, String> {
  public SsmTenSecretsFunction() {
    super(() -> DaggerSsmTenSecretsComponent.create().handler());
  }
}

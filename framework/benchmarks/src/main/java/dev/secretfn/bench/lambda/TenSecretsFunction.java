package dev.secretfn.bench.lambda;

import dev.secretfn.lambda.SecretRequestHandler;
import java.util.Map;

/** Scenario 4: secretfn with ten secrets (8 AWS KMS, 2 fields of one S3 JSON object). */
public final class TenSecretsFunction extends SecretRequestHandler<Map<String, Object>, String> {
  public TenSecretsFunction() {
    super(() -> DaggerTenSecretsComponent.create().handler());
  }
}

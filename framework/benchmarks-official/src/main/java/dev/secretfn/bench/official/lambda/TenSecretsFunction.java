package dev.secretfn.bench.official.lambda;

import dev.secretfn.lambda.SecretRequestHandler;
import java.util.Map;

/**
 * Scenario 4 on the official clients: secretfn with ten secrets (8 AWS KMS, 2 fields of one S3 JSON object) through
 * the AWS SDK's KmsClient and S3Client.
 */
public final class TenSecretsFunction extends SecretRequestHandler<Map<String, Object>, String> {
  public TenSecretsFunction() {
    super(() -> DaggerTenSecretsComponent.create().handler());
  }
}

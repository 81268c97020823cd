package dev.secretfn.bench.official.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/**
 * Scenario 4 on the official clients: secretfn with ten secrets (8 Cloud KMS, 2 fields of one Cloud Storage JSON
 * object) through google-cloud-kms and google-cloud-storage.
 */
public final class TenSecretsFunction extends SecretHttpFunction {
  public TenSecretsFunction() {
    super(() -> DaggerTenSecretsComponent.create().handler());
  }
}

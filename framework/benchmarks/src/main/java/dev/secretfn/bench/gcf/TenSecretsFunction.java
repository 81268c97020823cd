package dev.secretfn.bench.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/** Scenario 4: secretfn with ten secrets (8 Cloud KMS, 2 fields of one Cloud Storage JSON object). */
public final class TenSecretsFunction extends SecretHttpFunction {
  public TenSecretsFunction() {
    super(() -> DaggerTenSecretsComponent.create().handler());
  }
}

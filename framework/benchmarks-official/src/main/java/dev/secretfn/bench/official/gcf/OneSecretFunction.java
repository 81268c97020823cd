package dev.secretfn.bench.official.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/** Scenario 3 on the official client: secretfn with one Cloud KMS secret through google-cloud-kms. */
public final class OneSecretFunction extends SecretHttpFunction {
  public OneSecretFunction() {
    super(() -> DaggerOneSecretComponent.create().handler());
  }
}

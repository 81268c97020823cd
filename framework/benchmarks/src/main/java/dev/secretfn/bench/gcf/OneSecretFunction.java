package dev.secretfn.bench.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/** Scenario 3: secretfn with one Cloud KMS secret. */
public final class OneSecretFunction extends SecretHttpFunction {
  public OneSecretFunction() {
    super(() -> DaggerOneSecretComponent.create().handler());
  }
}

package dev.secretfn.bench.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/** The framework overhead: secretfn with ten secrets from an in-memory source (no network). */
public final class InMemoryTenSecretsFunction extends SecretHttpFunction {
  public InMemoryTenSecretsFunction() {
    super(() -> DaggerInMemoryTenSecretsComponent.create().handler());
  }
}

package dev.secretfn.bench.official.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/**
 * secretfn with ten secrets from Secret Manager through google-cloud-secretmanager: ten {@code gcp-sm://} versions,
 * one AccessSecretVersion each.
 */
public final class SecretManagerTenSecretsFunction extends SecretHttpFunction {
  public SecretManagerTenSecretsFunction() {
    super(() -> DaggerSecretManagerTenSecretsComponent.create().handler());
  }
}

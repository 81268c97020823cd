package dev.secretfn.samples.gcf;

import dev.secretfn.gcf.SecretHttpFunction;

/**
 * HTTP function: the weather forecast with its API key in HashiCorp Vault (the seed's fourth pattern),
 * {@code API_KEY=vault://secret/weather#value}, with {@code VAULT_ADDR} and {@code VAULT_AUTH_ROLE} set. The
 * function logs in to Vault's gcp auth method with an identity token of its service account.
 */
public final class VaultWeatherFunction extends SecretHttpFunction {
  public VaultWeatherFunction() {
    super(() -> DaggerVaultWeatherComponent.create().handler());
  }
}

package dev.secretfn.samples.gcf;

import dagger.Component;
import dev.secretfn.vault.VaultGcpLoginModule;
import dev.secretfn.vault.VaultModule;
import jakarta.inject.Singleton;

/** The weather handler with its API key in Vault, read after logging in with the function's service account. */
@Singleton
@Component(modules = {WeatherSecretsModule.class, VaultModule.class, VaultGcpLoginModule.class, UpstreamModule.class})
interface VaultWeatherComponent {
  WeatherHandler handler();
}

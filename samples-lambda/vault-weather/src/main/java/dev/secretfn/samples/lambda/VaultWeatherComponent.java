package dev.secretfn.samples.lambda;

import dagger.Component;
import dev.secretfn.vault.VaultModule;
import dev.secretfn.vault.aws.VaultAwsLoginModule;
import jakarta.inject.Singleton;

/** The weather handler with its API key in Vault, read after logging in with the execution role. */
@Singleton
@Component(modules = {VaultWeatherSecretsModule.class, VaultModule.class, VaultAwsLoginModule.class,
    UpstreamModule.class})
interface VaultWeatherComponent {
  WeatherApiHandler handler();
}

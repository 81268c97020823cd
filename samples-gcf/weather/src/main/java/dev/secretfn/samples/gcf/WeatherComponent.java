package dev.secretfn.samples.gcf;

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.BerglasModule;
import jakarta.inject.Singleton;

/** Berglas for the {@code berglas://} deployment, Cloud KMS for the KMS-encrypted variable. */
@Singleton
@Component(modules = {EncryptedWeatherSecretsModule.class, BerglasModule.class, CloudKmsModule.class,
    UpstreamModule.class})
interface WeatherComponent {
  WeatherHandler handler();
}

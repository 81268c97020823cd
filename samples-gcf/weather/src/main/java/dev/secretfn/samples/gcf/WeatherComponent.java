package dev.secretfn.samples.gcf;

import dagger.Component;
import dev.secretfn.gcp.storage.BerglasModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {WeatherSecretsModule.class, BerglasModule.class, UpstreamModule.class})
interface WeatherComponent {
  WeatherHandler handler();
}

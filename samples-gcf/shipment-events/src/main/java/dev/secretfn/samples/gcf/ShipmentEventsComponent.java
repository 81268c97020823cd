package dev.secretfn.samples.gcf;

import dagger.Component;
import dev.secretfn.gcp.secretmanager.SecretManagerModule;
import jakarta.inject.Singleton;

/** Secret Manager (both {@code sm://} and {@code gcp-sm://}) is the one store this function binds. */
@Singleton
@Component(modules = {ShipmentEventsSecretsModule.class, SecretManagerModule.class, UpstreamModule.class})
interface ShipmentEventsComponent {
  ShipmentEventsHandler handler();
}

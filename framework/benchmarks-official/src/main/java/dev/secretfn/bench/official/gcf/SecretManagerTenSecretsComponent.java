package dev.secretfn.bench.official.gcf;

import dagger.Component;
import dev.secretfn.gcp.secretmanager.SecretManagerModule;
import dev.secretfn.gcp.secretmanager.client.SecretManagerClientTransportModule;
import jakarta.inject.Singleton;

/** The ten-secret scenario's declarations and handler, each variable a version of its own Secret Manager secret. */
@Singleton
@Component(modules = {TenSecretsModule.class, SecretManagerModule.class, SecretManagerClientTransportModule.class})
interface SecretManagerTenSecretsComponent {
  TenSecretsHandler handler();
}

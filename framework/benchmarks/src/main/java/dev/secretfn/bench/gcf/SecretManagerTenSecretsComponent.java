package dev.secretfn.bench.gcf;

import dagger.Component;
import dev.secretfn.gcp.secretmanager.SecretManagerModule;
import jakarta.inject.Singleton;

/** The ten-secret scenario's declarations and handler, each variable a version of its own Secret Manager secret. */
@Singleton
@Component(modules = {TenSecretsModule.class, SecretManagerModule.class})
interface SecretManagerTenSecretsComponent {
  TenSecretsHandler handler();
}

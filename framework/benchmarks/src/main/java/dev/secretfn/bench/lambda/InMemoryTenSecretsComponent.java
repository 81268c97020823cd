package dev.secretfn.bench.lambda;

import dagger.Component;
import dev.secretfn.bench.common.MemoryModule;
import jakarta.inject.Singleton;

/** The ten-secret scenario's declarations and handler on the in-memory source: no store, no network. */
@Singleton
@Component(modules = {TenSecretsModule.class, MemoryModule.class})
interface InMemoryTenSecretsComponent {
  TenSecretsHandler handler();
}

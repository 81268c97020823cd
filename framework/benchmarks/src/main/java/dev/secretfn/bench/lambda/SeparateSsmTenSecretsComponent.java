package dev.secretfn.bench.lambda;

import dagger.Component;
import jakarta.inject.Singleton;

/** The batched SSM scenario's declarations and handler on the SSM source without its plan: one call per parameter. */
@Singleton
@Component(modules = {TenSecretsModule.class, SeparateSsmModule.class})
interface SeparateSsmTenSecretsComponent {
  TenSecretsHandler handler();
}

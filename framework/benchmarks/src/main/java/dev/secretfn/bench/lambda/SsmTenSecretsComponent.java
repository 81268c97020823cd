package dev.secretfn.bench.lambda;

import dagger.Component;
import dev.secretfn.aws.ssm.SsmModule;
import jakarta.inject.Singleton;

/** The ten-secret scenario's declarations and handler, each variable a SecureString parameter of its own. */
@Singleton
@Component(modules = {TenSecretsModule.class, SsmModule.class})
interface SsmTenSecretsComponent {
  TenSecretsHandler handler();
}

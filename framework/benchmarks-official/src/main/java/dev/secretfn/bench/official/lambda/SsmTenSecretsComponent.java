package dev.secretfn.bench.official.lambda;

import dagger.Component;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.aws.ssm.client.SsmClientTransportModule;
import jakarta.inject.Singleton;

/** The ten-secret scenario's declarations and handler, each variable a SecureString parameter of its own. */
@Singleton
@Component(modules = {TenSecretsModule.class, SsmModule.class, SsmClientTransportModule.class})
interface SsmTenSecretsComponent {
  TenSecretsHandler handler();
}

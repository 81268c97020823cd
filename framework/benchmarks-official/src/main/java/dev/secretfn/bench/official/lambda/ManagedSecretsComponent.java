package dev.secretfn.bench.official.lambda;

import dagger.Component;
import dev.secretfn.aws.secretsmanager.SecretsManagerModule;
import dev.secretfn.aws.secretsmanager.client.SecretsManagerClientTransportModule;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.aws.ssm.client.SsmClientTransportModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {ManagedSecretsModule.class, SecretsManagerModule.class,
    SecretsManagerClientTransportModule.class, SsmModule.class, SsmClientTransportModule.class})
interface ManagedSecretsComponent {
  ManagedSecretsHandler handler();
}

package dev.secretfn.bench.official.gcf;

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.kms.client.CloudKmsClientTransportModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {OneSecretModule.class, CloudKmsModule.class, CloudKmsClientTransportModule.class})
interface OneSecretComponent {
  OneSecretHandler handler();
}

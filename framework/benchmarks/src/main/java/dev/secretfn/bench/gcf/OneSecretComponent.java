package dev.secretfn.bench.gcf;

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {OneSecretModule.class, CloudKmsModule.class})
interface OneSecretComponent {
  OneSecretHandler handler();
}

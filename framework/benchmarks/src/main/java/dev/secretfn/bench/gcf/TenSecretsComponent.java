package dev.secretfn.bench.gcf;

import dagger.Component;
import dev.secretfn.gcp.CloudKmsModule;
import dev.secretfn.gcp.CloudStorageModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {TenSecretsModule.class, CloudKmsModule.class, CloudStorageModule.class})
interface TenSecretsComponent {
  TenSecretsHandler handler();
}

package dev.secretfn.bench.gcf;

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {TenSecretsModule.class, CloudKmsModule.class, CloudStorageModule.class})
interface TenSecretsComponent {
  TenSecretsHandler handler();
}

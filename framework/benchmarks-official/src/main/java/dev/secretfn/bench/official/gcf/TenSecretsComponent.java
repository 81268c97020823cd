package dev.secretfn.bench.official.gcf;

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.kms.client.CloudKmsClientTransportModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.gcp.storage.client.CloudStorageClientTransportModule;
import jakarta.inject.Singleton;

@Singleton
@Component(modules = {TenSecretsModule.class, CloudKmsModule.class, CloudKmsClientTransportModule.class,
    CloudStorageModule.class, CloudStorageClientTransportModule.class})
interface TenSecretsComponent {
  TenSecretsHandler handler();
}

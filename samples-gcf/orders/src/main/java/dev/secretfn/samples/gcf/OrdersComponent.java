package dev.secretfn.samples.gcf;

import dagger.Component;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import jakarta.inject.Singleton;

/** Cloud KMS for the seed's encrypted variables, Cloud Storage for the bucket deployment of the same secrets. */
@Singleton
@Component(modules = {OrdersSecretsModule.class, CloudKmsModule.class, CloudStorageModule.class, UpstreamModule.class})
interface OrdersComponent {
  OrdersHandler handler();
}

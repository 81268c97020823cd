package dev.secretfn.samples.gcf;

import dagger.Component;
import dev.secretfn.gcp.CloudKmsModule;
import dev.secretfn.gcp.CloudStorageModule;
import jakarta.inject.Singleton;

/** Cloud KMS for the seed's encrypted variables, Cloud Storage for the bucket deployment of the same secrets. */
@Singleton
@Component(modules = {OrdersSecretsModule.class, CloudKmsModule.class, CloudStorageModule.class, UpstreamModule.class})
interface OrdersComponent {
  OrdersHandler handler();
}

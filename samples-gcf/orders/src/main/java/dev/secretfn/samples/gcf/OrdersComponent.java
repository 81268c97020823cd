package dev.secretfn.samples.gcf;

import dagger.Component;
import dev.secretfn.gcp.storage.CloudStorageModule;
import jakarta.inject.Singleton;

/** Cloud Storage for the credentials object; its two fields refresh together. */
@Singleton
@Component(modules = {OrdersSecretsModule.class, CloudStorageModule.class, UpstreamModule.class})
interface OrdersComponent {
  OrdersHandler handler();
}

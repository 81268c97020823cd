package dev.secretfn.gcp.storage.client;

import dagger.Component;
import dev.secretfn.gcp.storage.CloudStorageModule;
import jakarta.inject.Singleton;

/** {@link ReadProbe} on google-cloud-storage: CloudStorageModule and CloudStorageClientTransportModule. */
final class OfficialReadProbe {
  private OfficialReadProbe() {}

  @Singleton
  @Component(modules = {CloudStorageModule.class, CloudStorageClientTransportModule.class, ContractDeployment.class})
  interface Store extends ReadProbe.Store {
    @Component.Factory
    interface Factory {
      Store create(ContractDeployment deployment);
    }
  }

  public static void main(String[] args) {
    ReadProbe.run("official", args, d -> DaggerOfficialReadProbe_Store.factory().create(d));
  }
}

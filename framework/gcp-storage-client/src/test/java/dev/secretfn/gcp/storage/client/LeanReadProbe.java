package dev.secretfn.gcp.storage.client;

import dagger.Component;
import dev.secretfn.gcp.storage.CloudStorageModule;
import jakarta.inject.Singleton;

/** {@link ReadProbe} on the lean transport: a component with CloudStorageModule only. */
final class LeanReadProbe {
  private LeanReadProbe() {}

  @Singleton
  @Component(modules = {CloudStorageModule.class, ContractDeployment.class})
  interface Store extends ReadProbe.Store {
    @Component.Factory
    interface Factory {
      Store create(ContractDeployment deployment);
    }
  }

  public static void main(String[] args) {
    ReadProbe.run("lean", args, d -> DaggerLeanReadProbe_Store.factory().create(d));
  }
}

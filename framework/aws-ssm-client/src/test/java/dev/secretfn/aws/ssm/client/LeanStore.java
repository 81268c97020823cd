package dev.secretfn.aws.ssm.client;

import dagger.Component;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The SSM store with its default, lean transport, to compare with {@link OfficialStore}. */
@Singleton
@Component(modules = {SsmModule.class, Deployment.class})
interface LeanStore extends Store {
  @Component.Factory
  interface Factory {
    LeanStore create(Deployment deployment);
  }

  static LeanStore of(Map<String, String> variables) {
    return DaggerLeanStore.factory().create(new Deployment(variables));
  }
}

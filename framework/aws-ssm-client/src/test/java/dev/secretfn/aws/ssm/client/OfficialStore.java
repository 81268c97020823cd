package dev.secretfn.aws.ssm.client;

import dagger.Component;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.aws.ssm.internal.SsmTransport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Singleton;
import java.util.Map;

/** The SSM store with the official-client transport, as a function's component binds it. */
@Singleton
@Component(modules = {SsmModule.class, SsmClientTransportModule.class, Deployment.class})
interface OfficialStore extends Store {
  /** The transport the source uses, so that a test can close its clients. */
  @OfficialClient
  SsmTransport transport();

  @Component.Factory
  interface Factory {
    OfficialStore create(Deployment deployment);
  }

  static OfficialStore of(Map<String, String> variables) {
    return DaggerOfficialStore.factory().create(new Deployment(variables));
  }

  /** Closes the SDK clients the source built (none, if its settings kept it from being built). */
  @Override
  default void close() {
    SsmTransport transport;
    try {
      transport = transport();
    } catch (IllegalStateException unbuildable) {
      return;
    }
    ((SdkSsmTransport) transport).close();
  }
}

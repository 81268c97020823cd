package dev.secretfn.aws.kms.client;

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.kms.internal.AwsKmsTransport;
import dev.secretfn.internal.OfficialClient;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The AWS KMS store with the official-client transport, as a function's component binds it. */
@Singleton
@Component(modules = {AwsKmsModule.class, AwsKmsClientTransportModule.class, Deployment.class})
interface OfficialStore {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  /** The transport the source uses, so that a test can close its clients. */
  @OfficialClient
  AwsKmsTransport transport();

  @Component.Factory
  interface Factory {
    OfficialStore create(Deployment deployment);
  }

  static OfficialStore of(Map<String, String> variables) {
    return DaggerOfficialStore.factory().create(new Deployment(variables));
  }

  /** Closes the SDK clients the source built (none, if its settings kept it from being built). */
  default void close() {
    AwsKmsTransport transport;
    try {
      transport = transport();
    } catch (IllegalStateException unbuildable) {
      return;
    }
    ((SdkAwsKmsTransport) transport).close();
  }
}

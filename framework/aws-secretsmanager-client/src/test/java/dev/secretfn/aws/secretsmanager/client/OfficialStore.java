package dev.secretfn.aws.secretsmanager.client;

import dagger.Component;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.secretsmanager.SecretsManagerModule;
import dev.secretfn.aws.secretsmanager.internal.SecretsManagerTransport;
import dev.secretfn.internal.OfficialClient;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The Secrets Manager store with the official-client transport, as a function's component binds it. */
@Singleton
@Component(modules = {SecretsManagerModule.class, SecretsManagerClientTransportModule.class, Deployment.class})
interface OfficialStore extends AutoCloseable {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  /** The transport the source uses, so that a test can close its clients. */
  @OfficialClient
  SecretsManagerTransport transport();

  @Component.Factory
  interface Factory {
    OfficialStore create(Deployment deployment);
  }

  static OfficialStore of(Map<String, String> variables) {
    return of(variables, AwsSettings.defaults());
  }

  static OfficialStore of(Map<String, String> variables, AwsSettings settings) {
    return DaggerOfficialStore.factory().create(new Deployment(variables, settings));
  }

  /** Closes the SDK clients the source built (none, if its settings kept it from being built). */
  @Override
  default void close() {
    SecretsManagerTransport transport;
    try {
      transport = transport();
    } catch (IllegalStateException unbuildable) {
      return;
    }
    ((SdkSecretsManagerTransport) transport).close();
  }
}

package dev.secretfn.aws.secretsmanager.client;

import dagger.Component;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.secretsmanager.SecretsManagerModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The Secrets Manager store with its default, lean transport, to compare with {@link OfficialStore}. */
@Singleton
@Component(modules = {SecretsManagerModule.class, Deployment.class})
interface LeanStore {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    LeanStore create(Deployment deployment);
  }

  static LeanStore of(Map<String, String> variables, AwsSettings settings) {
    return DaggerLeanStore.factory().create(new Deployment(variables, settings));
  }
}

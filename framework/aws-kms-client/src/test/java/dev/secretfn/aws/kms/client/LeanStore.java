package dev.secretfn.aws.kms.client;

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;

/** The AWS KMS store with its default, lean transport, to compare with {@link OfficialStore}. */
@Singleton
@Component(modules = {AwsKmsModule.class, Deployment.class})
interface LeanStore {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  @Component.Factory
  interface Factory {
    LeanStore create(Deployment deployment);
  }

  static LeanStore of(Map<String, String> variables) {
    return DaggerLeanStore.factory().create(new Deployment(variables));
  }
}

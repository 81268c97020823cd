package dev.secretfn.samples.extension;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.secretfn.Environment;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Binds the {@code acme://NAME[?version=N][#FIELD]} store: its syntax and its source. The service's address
 * comes from {@code ACME_SECRETS_ADDR}; nothing is contacted until the first fetch at start-up.
 *
 * <pre>{@code
 * @Singleton
 * @Component(modules = {MySecretsModule.class, AcmeSecretsModule.class})
 * interface MyComponent { MyHandler handler(); }
 * }</pre>
 */
@Module
public abstract class AcmeSecretsModule {
  private AcmeSecretsModule() {}

  @Binds
  @IntoSet
  abstract ReferenceSyntax acmeSyntax(AcmeSyntax syntax);

  @BindsOptionalOf
  abstract Environment environment();

  @Provides
  @Singleton
  @IntoSet
  static SecretSource acmeSource(Optional<Environment> environment) {
    return new AcmeSource(environment.orElseGet(Environment::system));
  }
}

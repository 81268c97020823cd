package dev.secretfn.vault;

import dagger.Binds;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.secretfn.Environment;
import dev.secretfn.internal.ResolutionModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Binds the Vault source for {@code vault://MOUNT/PATH[?version=N][#FIELD]} references. Add a login module
 * next to it: {@link VaultGcpLoginModule} on Google Cloud, {@code VaultAwsLoginModule}
 * ({@code secretfn-vault-aws}) on AWS Lambda.
 *
 * <pre>{@code
 * @Singleton
 * @Component(modules = {WeatherSecretsModule.class, VaultModule.class, VaultGcpLoginModule.class})
 * interface WeatherComponent { WeatherHandler handler(); }
 * }</pre>
 *
 * <p>Configuration comes from {@code VAULT_ADDR}, {@code VAULT_AUTH_ROLE} and the other variables listed in
 * {@link VaultSettings}, or from a bound {@link VaultSettings}. Nothing is contacted until the first fetch.
 */
@Module(includes = ResolutionModule.class)
public abstract class VaultModule {
  private VaultModule() {}

  @BindsOptionalOf
  abstract VaultSettings optionalSettings();

  @Binds
  @IntoSet
  abstract ReferenceSyntax vaultSyntax(VaultSyntax syntax);

  @Provides
  @Singleton
  @IntoSet
  static SecretSource vault(Optional<VaultSettings> settings, Optional<Environment> environment, VaultLogin login) {
    return new VaultSource(settings.orElseGet(VaultSettings::defaults), environment.orElseGet(Environment::system),
        login);
  }
}

package dev.secretfn;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;

/**
 * The Dagger glue: resolves every bound {@link SecretDeclaration} with the bound {@link SecretSource}s, once
 * per component, into a {@link ResolvedSecrets}. Modules generated from {@code @SecretDeclarations} include
 * it; components that use it must be {@code @Singleton}.
 *
 * <p>Bind a {@link ResolverSettings} to change the deadline or retries, and an {@link Environment} to resolve
 * from something other than the process environment (tests, launchers).
 *
 * <p>The first object that needs a secret triggers resolution of all of them; the platform base classes ask
 * for the handler in their constructor, so a missing or unreadable secret fails start-up, not a request.
 */
@Module
public abstract class SecretfnModule {
  private SecretfnModule() {}

  @Multibinds
  abstract Set<SecretDeclaration> declarations();

  @Multibinds
  abstract Set<SecretSource> sources();

  @BindsOptionalOf
  abstract ResolverSettings settings();

  @BindsOptionalOf
  abstract Environment environment();

  @Provides
  @Singleton
  static ResolvedSecrets resolvedSecrets(
      Set<SecretDeclaration> declarations,
      Set<SecretSource> sources,
      Optional<ResolverSettings> settings,
      Optional<Environment> environment) {
    return SecretResolver.create(sources, settings.orElseGet(ResolverSettings::defaults))
        .resolve(declarations, environment.orElseGet(Environment::system));
  }
}

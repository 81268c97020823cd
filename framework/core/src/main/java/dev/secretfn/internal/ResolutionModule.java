package dev.secretfn.internal;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolver;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;

/**
 * The Dagger glue, not an API: resolves every bound {@link SecretDeclaration} with the bound {@link
 * ReferenceSyntax}es and {@link SecretSource}s, once per component, into a {@link ResolvedSecrets}. Modules
 * generated from {@code @SecretDeclarations} include it; components that use it must be {@code @Singleton}.
 *
 * <p>Users configure it by binding a {@link ResolverSettings} (deadline, retries) and an {@link Environment}
 * (to resolve from something other than the process environment: tests, launchers). Store modules bind their
 * syntax and source into the sets.
 */
@Module
public abstract class ResolutionModule {
  private ResolutionModule() {}

  @Multibinds
  abstract Set<SecretDeclaration> declarations();

  @Multibinds
  abstract Set<ReferenceSyntax> syntaxes();

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
      Set<ReferenceSyntax> syntaxes,
      Set<SecretSource> sources,
      Optional<ResolverSettings> settings,
      Optional<Environment> environment) {
    return SecretResolver.create(syntaxes, sources, settings.orElseGet(ResolverSettings::defaults))
        .resolve(declarations, environment.orElseGet(Environment::system));
  }
}

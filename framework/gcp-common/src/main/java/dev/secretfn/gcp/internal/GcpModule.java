package dev.secretfn.gcp.internal;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.internal.ResolutionModule;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Not an API: what every Google Cloud store module includes. Reads a bound {@link GcpSettings} (the defaults
 * otherwise) with the environment applied, once per component.
 */
@Module(includes = ResolutionModule.class)
public abstract class GcpModule {
  private GcpModule() {}

  @BindsOptionalOf
  abstract GcpSettings optionalSettings();

  @Provides
  @Singleton
  static GcpConfig config(
      Optional<GcpSettings> settings, Optional<Environment> environment, Optional<ResolverSettings> resolver) {
    return new GcpConfig(
        settings.orElseGet(GcpSettings::defaults),
        environment.orElseGet(Environment::system),
        resolver.orElseGet(ResolverSettings::defaults).deadline());
  }
}

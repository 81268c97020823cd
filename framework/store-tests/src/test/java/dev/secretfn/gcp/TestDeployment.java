package dev.secretfn.gcp;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import java.util.Map;

/**
 * What a test deployment binds, as a user's module would: the environment (emulator hosts and references),
 * short resolver settings, and the Google Cloud settings. Passed to each test component's factory.
 */
@Module
final class TestDeployment {
  private final Environment environment;
  private final ResolverSettings resolverSettings;
  private final GcpSettings gcpSettings;

  TestDeployment(Map<String, String> variables, ResolverSettings resolverSettings, GcpSettings gcpSettings) {
    this.environment = Environment.of(variables);
    this.resolverSettings = resolverSettings;
    this.gcpSettings = gcpSettings;
  }

  @Provides
  Environment environment() {
    return environment;
  }

  @Provides
  ResolverSettings resolverSettings() {
    return resolverSettings;
  }

  @Provides
  GcpSettings gcpSettings() {
    return gcpSettings;
  }
}

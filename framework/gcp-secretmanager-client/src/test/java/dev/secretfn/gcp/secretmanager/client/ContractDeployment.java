package dev.secretfn.gcp.secretmanager.client;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.gcp.GcpSettings;
import java.util.Map;

/** What the tests' deployment binds, as a user's module would: the environment (emulator hosts) and settings. */
@Module
final class ContractDeployment {
  private final Environment environment;
  private final GcpSettings settings;

  ContractDeployment(Map<String, String> variables) {
    this(variables, GcpSettings.defaults());
  }

  ContractDeployment(Map<String, String> variables, GcpSettings settings) {
    this.environment = Environment.of(variables);
    this.settings = settings;
  }

  @Provides
  Environment environment() {
    return environment;
  }

  @Provides
  GcpSettings settings() {
    return settings;
  }
}

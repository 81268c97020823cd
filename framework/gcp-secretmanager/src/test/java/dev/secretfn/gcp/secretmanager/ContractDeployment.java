package dev.secretfn.gcp.secretmanager;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import java.util.Map;

/** What the contract tests' deployment binds, as a user's module would: the environment (emulator hosts). */
@Module
final class ContractDeployment {
  private final Environment environment;

  ContractDeployment(Map<String, String> variables) {
    this.environment = Environment.of(variables);
  }

  @Provides
  Environment environment() {
    return environment;
  }
}

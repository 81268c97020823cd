package dev.secretfn.aws.s3.client;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import java.util.Map;

/** What the tests' deployments bind, as a user's module would: the environment (region, emulator host). */
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

package dev.secretfn.aws.ssm.client;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import java.util.Map;

/** What the tests' deployment binds, as a user's module would: the environment (emulator hosts). */
@Module
final class Deployment {
  private final Environment environment;

  Deployment(Map<String, String> variables) {
    this.environment = Environment.of(variables);
  }

  @Provides
  Environment environment() {
    return environment;
  }
}

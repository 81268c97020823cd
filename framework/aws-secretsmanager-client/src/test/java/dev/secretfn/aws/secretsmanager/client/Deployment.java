package dev.secretfn.aws.secretsmanager.client;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.aws.AwsSettings;
import java.util.Map;

/** What the tests' deployment binds, as a user's module would: the environment (emulator hosts) and settings. */
@Module
final class Deployment {
  private final Environment environment;
  private final AwsSettings settings;

  Deployment(Map<String, String> variables, AwsSettings settings) {
    this.environment = Environment.of(variables);
    this.settings = settings;
  }

  @Provides
  Environment environment() {
    return environment;
  }

  @Provides
  AwsSettings settings() {
    return settings;
  }
}

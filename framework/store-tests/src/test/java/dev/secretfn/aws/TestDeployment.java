package dev.secretfn.aws;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import java.util.Map;

/**
 * What a test deployment binds, as a user's module would: the environment (region, function name, emulator
 * hosts and references), short resolver settings, and the AWS settings. Passed to each test component's factory.
 */
@Module(includes = OptionalClients.class)
final class TestDeployment {
  private final Environment environment;
  private final ResolverSettings resolverSettings;
  private final AwsSettings awsSettings;

  TestDeployment(Map<String, String> variables, ResolverSettings resolverSettings, AwsSettings awsSettings) {
    this.environment = Environment.of(variables);
    this.resolverSettings = resolverSettings;
    this.awsSettings = awsSettings;
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
  AwsSettings awsSettings() {
    return awsSettings;
  }
}

package dev.secretfn.stores;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.aws.AwsSettings;
import dev.secretfn.gcp.GcpSettings;
import java.util.Map;

/**
 * What a test deployment binds, as a user's module would: the environment (the cloud's variables and the
 * references), short resolver settings, and the cloud settings (defaults for a cloud the test does not set). Passed
 * to each test component's factory.
 */
@Module(includes = OptionalClients.class)
public final class TestDeployment {
  private final Map<String, String> variables;
  private final Environment environment;
  private final ResolverSettings resolverSettings;
  private final GcpSettings gcpSettings;
  private final AwsSettings awsSettings;

  private TestDeployment(Map<String, String> variables, ResolverSettings resolverSettings, GcpSettings gcpSettings,
      AwsSettings awsSettings) {
    this.variables = variables;
    this.environment = Environment.of(variables);
    this.resolverSettings = resolverSettings;
    this.gcpSettings = gcpSettings;
    this.awsSettings = awsSettings;
  }

  /** {@code variables} and {@code resolverSettings}, default settings for every cloud. */
  public static TestDeployment of(Map<String, String> variables, ResolverSettings resolverSettings) {
    return new TestDeployment(variables, resolverSettings, GcpSettings.defaults(), AwsSettings.defaults());
  }

  /** This deployment with {@code settings} for the Google Cloud stores. */
  public TestDeployment with(GcpSettings settings) {
    return new TestDeployment(variables, resolverSettings, settings, awsSettings);
  }

  /** This deployment with {@code settings} for the AWS stores. */
  public TestDeployment with(AwsSettings settings) {
    return new TestDeployment(variables, resolverSettings, gcpSettings, settings);
  }

  @Provides
  public Environment environment() {
    return environment;
  }

  @Provides
  public ResolverSettings resolverSettings() {
    return resolverSettings;
  }

  @Provides
  public GcpSettings gcpSettings() {
    return gcpSettings;
  }

  @Provides
  public AwsSettings awsSettings() {
    return awsSettings;
  }
}

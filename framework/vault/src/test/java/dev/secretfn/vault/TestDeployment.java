package dev.secretfn.vault;

import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import java.time.Duration;
import java.util.Map;

/** What a test deployment binds, as a user's module would: the environment and short resolver settings. */
@Module
final class TestDeployment {
  /** A 3 s deadline and millisecond backoff: retries are exercised without slowing the build. */
  static final ResolverSettings FAST = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(3))
      .initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(20))
      .build();

  private final Environment environment;

  TestDeployment(Map<String, String> variables) {
    this.environment = Environment.of(variables);
  }

  @Provides
  Environment environment() {
    return environment;
  }

  @Provides
  ResolverSettings resolverSettings() {
    return FAST;
  }
}

package dev.secretfn.samples.lambda;

import dagger.Module;
import dagger.Provides;

/** Plain, non-secret configuration: where the upstream API lives. */
@Module
final class UpstreamModule {
  private UpstreamModule() {}

  @Provides
  static Upstream upstream() {
    return Upstream.fromEnvironment();
  }
}

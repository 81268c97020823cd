package dev.secretfn.samples.gcf;

import dagger.Module;
import dagger.Provides;
import java.net.URI;
import java.util.Optional;

/** Plain, non-secret configuration: where the upstream API lives. */
@Module
final class UpstreamModule {
  static final String UPSTREAM_URL = "UPSTREAM_URL";

  private UpstreamModule() {}

  @Provides
  static Upstream upstream() {
    String url = Optional.ofNullable(System.getenv(UPSTREAM_URL))
        .orElseThrow(() -> new IllegalStateException(UPSTREAM_URL + " is not set"));
    return new Upstream(URI.create(url.endsWith("/") ? url : url + "/"));
  }
}

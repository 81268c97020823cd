package dev.secretfn.gcp.storage;

import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.tls.TestTrust;
import dev.secretfn.testing.tls.TlsCases;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The lean transport verifies Cloud Storage's certificate chain and host name: an endpoint with a certificate for
 * another host, an untrusted or an expired one is refused at once, as a failure no retry can fix, and plain http to
 * another machine cannot be configured. For gs:// (content first) and berglas:// (metadata first).
 */
@ResourceLock(TestTrust.RESOURCE)
class CloudStorageTlsTest {
  private static final String BUCKET = "secretfn-tls";

  @TestFactory
  Stream<DynamicTest> gs_badEndpoints_areRefused() {
    return TlsCases.refusals(endpoint -> fetch(endpoint, GcsObject.SCHEME,
        new GcsObject(BUCKET, "app/db-pass.txt", OptionalLong.empty(), Optional.empty())));
  }

  @TestFactory
  Stream<DynamicTest> berglas_badEndpoints_areRefused() {
    return TlsCases.refusals(endpoint -> fetch(endpoint, BerglasObject.SCHEME,
        new BerglasObject(BUCKET, "app/api-key", OptionalLong.empty())));
  }

  private static void fetch(URI endpoint, Scheme scheme, SecretReference reference) throws Exception {
    GcpSettings settings = GcpSettings.builder().storageEndpoint(endpoint).build();
    SecretSource source = DaggerCloudStorageTlsTest_Stores.factory().create(new Deployment(settings)).sources()
        .stream().filter(s -> s.scheme().equals(scheme)).findFirst().orElseThrow();
    source.fetch(Fetch.of(reference, List.of("KEY"), Duration.ofSeconds(5), 1));
  }

  @Singleton
  @Component(modules = {CloudStorageModule.class, BerglasModule.class, Deployment.class})
  interface Stores {
    Set<SecretSource> sources();

    @Component.Factory
    interface Factory {
      Stores create(Deployment deployment);
    }
  }

  /** The settings with the endpoint under test, and an empty environment. */
  @Module
  static final class Deployment {
    private final GcpSettings settings;

    Deployment(GcpSettings settings) {
      this.settings = settings;
    }

    @Provides
    GcpSettings settings() {
      return settings;
    }

    @Provides
    Environment environment() {
      return Environment.of(Map.of());
    }
  }
}

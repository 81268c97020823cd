package dev.secretfn.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.InMemorySource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LambdaStartupTest {
  private static final Environment ON_DEMAND = Environment.of(Map.of());
  private static final Environment SNAP_START =
      Environment.of(Map.of(LambdaStartup.INITIALIZATION_TYPE, LambdaStartup.SNAP_START));
  private static final Environment KEY = Environment.of(Map.of("API_KEY", "mem://api-key"));

  private final AtomicInteger builds = new AtomicInteger();
  private final InMemorySource store =
      InMemorySource.builder(Scheme.of("mem")).putUtf8("mem://api-key", "k3y").build();
  private final PrimeCounting source = new PrimeCounting(store);

  /** The store, counting the primes the checkpoint asks for. */
  private static final class PrimeCounting implements SecretSource {
    final SecretSource delegate;
    final AtomicInteger primes = new AtomicInteger();

    PrimeCounting(SecretSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Scheme scheme() {
      return delegate.scheme();
    }

    @Override
    public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
      return delegate.fetch(fetch);
    }

    @Override
    public void prime(Duration timeout) {
      primes.incrementAndGet();
    }
  }

  /** Resolves API_KEY as a generated component does, then counts a build and answers with the key. */
  private final class Echo extends SecretRequestHandler<String, String> {
    Echo(Environment environment) {
      super(() -> {
        ResolvedSecrets secrets = SecretResolver.create(List.of(store.syntax()), List.of(source),
            ResolverSettings.defaults()).resolve(List.of(SecretDeclaration.required("API_KEY")), KEY);
        String key = secrets.get("API_KEY").revealString();
        int build = builds.incrementAndGet();
        RequestHandler<String, String> handler = (input, context) -> input + "#" + build + ":" + key;
        return handler;
      }, environment);
    }
  }

  @Test
  void onDemand_buildsDuringConstruction() {
    Echo function = new Echo(ON_DEMAND);

    assertThat(builds).hasValue(1);
    assertThat(function.handleRequest("a", null)).isEqualTo("a#1:k3y");
    assertThat(function.handleRequest("b", null)).isEqualTo("b#1:k3y");
    assertThat(builds).hasValue(1);
  }

  @Test
  void onDemand_primesNothing() {
    new Echo(ON_DEMAND);

    assertThat(source.primes).hasValue(0);
    assertThat(store.fetchCount()).isEqualTo(1);
  }

  @Test
  void snapStart_buildsAfterRestoreNotBeforeTheSnapshot() {
    Echo function = new Echo(SNAP_START);
    assertThat(builds).as("nothing resolved before the checkpoint").hasValue(0);

    function.startup().beforeCheckpoint(null);
    assertThat(builds).hasValue(0);
    function.startup().afterRestore(null);

    assertThat(builds).hasValue(1);
    assertThat(function.handleRequest("a", null)).isEqualTo("a#1:k3y");
  }

  @Test
  void snapStart_checkpoint_primesTheSourcesWithoutFetching() {
    Echo function = new Echo(SNAP_START);
    assertThat(source.primes).as("nothing primed during INIT").hasValue(0);

    function.startup().beforeCheckpoint(null);

    assertThat(source.primes).hasValue(1);
    assertThat(store.fetchCount()).as("nothing fetched before the snapshot").isZero();
    function.startup().afterRestore(null);
    assertThat(store.fetchCount()).isEqualTo(1);
    assertThat(source.primes).as("not primed again after the restore").hasValue(1);
  }

  @Test
  void snapStart_primingSwitchedOff_primesNothing() {
    Echo function = new Echo(Environment.of(Map.of(LambdaStartup.INITIALIZATION_TYPE, LambdaStartup.SNAP_START,
        LambdaStartup.PRIME_VARIABLE, "false")));

    function.startup().beforeCheckpoint(null);
    function.startup().afterRestore(null);

    assertThat(source.primes).hasValue(0);
    assertThat(function.handleRequest("a", null)).isEqualTo("a#1:k3y");
  }

  @Test
  void snapStart_secondCheckpoint_dropsTheHandlerAndDoesNotPrimeAgain() {
    Echo function = new Echo(SNAP_START);
    function.startup().beforeCheckpoint(null);
    function.startup().afterRestore(null);

    function.startup().beforeCheckpoint(null);

    assertThat(source.primes).hasValue(1);
    assertThat(store.fetchCount()).isEqualTo(1);
  }

  @Test
  void snapStart_repeatedCheckpointAndRestore_dropsAndRebuilds() {
    Echo function = new Echo(SNAP_START);

    function.startup().afterRestore(null);
    function.startup().beforeCheckpoint(null);
    function.startup().afterRestore(null);

    assertThat(builds).hasValue(2);
    assertThat(function.handleRequest("a", null)).isEqualTo("a#2:k3y");
  }

  @Test
  void snapStart_withoutRestoreHook_buildsOnFirstInvocation() {
    Echo function = new Echo(SNAP_START);

    assertThat(function.handleRequest("a", null)).isEqualTo("a#1:k3y");
    assertThat(builds).hasValue(1);
  }

  @Test
  void handlerWithMethodName_failsConstructionWithAdvice() {
    Environment env = Environment.of(Map.of("_HANDLER", "pkg.Echo::handleRequest"));

    assertThatThrownBy(() -> new Echo(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("(without ::handleRequest)");
    assertThat(builds).hasValue(0);
    assertThat(new Echo(Environment.of(Map.of("_HANDLER", "pkg.Echo"))).handleRequest("a", null))
        .isEqualTo("a#1:k3y");
  }

  @Test
  void onDemand_unresolvableSecret_failsConstruction() {
    assertThatThrownBy(() -> new SecretRequestHandler<String, String>(() -> {
      SecretResolver.create(List.of(), List.of(), ResolverSettings.defaults())
          .resolve(List.of(SecretDeclaration.required("API_KEY")), ON_DEMAND);
      throw new AssertionError("unreachable");
    }, ON_DEMAND) {})
        .isInstanceOf(SecretResolutionException.class)
        .hasMessageContaining("API_KEY: LOOKUP failed");
  }
}

package dev.secretfn.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LambdaStartupTest {
  private static final Environment ON_DEMAND = Environment.of(Map.of());
  private static final Environment SNAP_START =
      Environment.of(Map.of(LambdaStartup.INITIALIZATION_TYPE, LambdaStartup.SNAP_START));

  private final AtomicInteger builds = new AtomicInteger();

  private final class Echo extends SecretRequestHandler<String, String> {
    Echo(Environment environment) {
      super(() -> {
        int build = builds.incrementAndGet();
        RequestHandler<String, String> handler = (input, context) -> input + "#" + build;
        return handler;
      }, environment);
    }
  }

  @Test
  void onDemand_buildsDuringConstruction() {
    Echo function = new Echo(ON_DEMAND);

    assertThat(builds).hasValue(1);
    assertThat(function.handleRequest("a", null)).isEqualTo("a#1");
    assertThat(function.handleRequest("b", null)).isEqualTo("b#1");
    assertThat(builds).hasValue(1);
  }

  @Test
  void snapStart_buildsAfterRestoreNotBeforeTheSnapshot() {
    Echo function = new Echo(SNAP_START);
    assertThat(builds).as("nothing resolved before the checkpoint").hasValue(0);

    function.startup().beforeCheckpoint(null);
    assertThat(builds).hasValue(0);
    function.startup().afterRestore(null);

    assertThat(builds).hasValue(1);
    assertThat(function.handleRequest("a", null)).isEqualTo("a#1");
  }

  @Test
  void snapStart_repeatedCheckpointAndRestore_dropsAndRebuilds() {
    Echo function = new Echo(SNAP_START);

    function.startup().afterRestore(null);
    function.startup().beforeCheckpoint(null);
    function.startup().afterRestore(null);

    assertThat(builds).hasValue(2);
    assertThat(function.handleRequest("a", null)).isEqualTo("a#2");
  }

  @Test
  void snapStart_withoutRestoreHook_buildsOnFirstInvocation() {
    Echo function = new Echo(SNAP_START);

    assertThat(function.handleRequest("a", null)).isEqualTo("a#1");
    assertThat(builds).hasValue(1);
  }

  @Test
  void handlerWithMethodName_failsConstructionWithAdvice() {
    Environment env = Environment.of(Map.of("_HANDLER", "pkg.Echo::handleRequest"));

    assertThatThrownBy(() -> new Echo(env))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("(without ::handleRequest)");
    assertThat(builds).hasValue(0);
    assertThat(new Echo(Environment.of(Map.of("_HANDLER", "pkg.Echo"))).handleRequest("a", null)).isEqualTo("a#1");
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

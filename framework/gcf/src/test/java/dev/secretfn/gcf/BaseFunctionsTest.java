package dev.secretfn.gcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.functions.Context;
import com.google.cloud.functions.HttpFunction;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BaseFunctionsTest {
  static final AtomicInteger BUILDS = new AtomicInteger();

  /** A function whose handler factory counts its calls and records requests. */
  public static final class CountingFunction extends SecretHttpFunction {
    static final List<String> SERVED = new ArrayList<>();

    public CountingFunction() {
      super(() -> {
        BUILDS.incrementAndGet();
        HttpFunction handler = (request, response) -> {
          synchronized (SERVED) {
            SERVED.add("served");
          }
        };
        return handler;
      });
    }
  }

  /** A function whose secrets cannot be resolved. */
  public static final class BrokenFunction extends SecretHttpFunction {
    public BrokenFunction() {
      super(() -> {
        SecretResolver.create(List.of(), List.of(), ResolverSettings.defaults())
            .resolve(List.of(SecretDeclaration.required("DB_PASS")), Environment.of(Map.of()));
        throw new AssertionError("unreachable");
      });
    }
  }

  @Test
  void constructor_buildsHandlerOnceAndServiceDelegates() throws Exception {
    int before = BUILDS.get();
    CountingFunction function = new CountingFunction();

    function.service(null, null);
    function.service(null, null);

    assertThat(BUILDS.get() - before).isEqualTo(1);
    assertThat(CountingFunction.SERVED).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void constructor_unresolvableSecret_throwsAggregatedError() {
    assertThatThrownBy(BrokenFunction::new)
        .isInstanceOf(SecretResolutionException.class)
        .hasMessageContaining("DB_PASS: LOOKUP failed");
  }

  @Test
  void constructor_nullHandler_isRejected() {
    assertThatThrownBy(() -> new SecretHttpFunction(() -> null) {})
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned null");
  }

  static final class Payload {
    String name;
  }

  static final class Typed extends SecretBackgroundFunction<Payload> {
    static final List<String> SEEN = new ArrayList<>();

    Typed() {
      super(() -> (payload, context) -> SEEN.add(payload.name));
    }

    @Override
    public void accept(Payload payload, Context context) throws Exception {
      super.accept(payload, context);
    }
  }

  static final class Untyped extends SecretBackgroundFunction<Payload> {
    Untyped() {
      super(() -> (payload, context) -> {});
    }
  }

  @Test
  void backgroundFunction_typedOverride_delegates() throws Exception {
    Payload payload = new Payload();
    payload.name = "upload.txt";

    new Typed().accept(payload, null);

    assertThat(Typed.SEEN).containsExactly("upload.txt");
  }

  @Test
  void backgroundFunction_withoutTypedAccept_failsWithClearMessage() {
    assertThatThrownBy(Untyped::new)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must override accept(Payload, Context)");
  }
}

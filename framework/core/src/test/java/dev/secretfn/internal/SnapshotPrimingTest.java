package dev.secretfn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SnapshotPrimingTest {
  private static final Environment ENV = Environment.of(Map.of("API_KEY", "a://key"));
  private static final List<SecretDeclaration> DECLARED = List.of(SecretDeclaration.required("API_KEY"));

  /** A source whose prime runs {@code onPrime} and counts; fetching fails the test. */
  private static final class PrimedSource implements SecretSource {
    final Scheme scheme;
    final Runnable onPrime;
    final AtomicInteger primes = new AtomicInteger();
    final AtomicInteger fetches = new AtomicInteger();
    volatile Duration timeout;

    PrimedSource(String scheme, Runnable onPrime) {
      this.scheme = Scheme.of(scheme);
      this.onPrime = onPrime;
    }

    @Override
    public Scheme scheme() {
      return scheme;
    }

    @Override
    public Secret fetch(Fetch fetch) {
      fetches.incrementAndGet();
      throw new AssertionError("fetched while priming");
    }

    @Override
    public void prime(Duration timeout) {
      this.timeout = timeout;
      primes.incrementAndGet();
      onPrime.run();
    }
  }

  private static Supplier<Object> resolvingFactory(Duration deadline, AtomicBoolean pastResolve,
      SecretSource... sources) {
    return () -> {
      SecretResolver.create(List.of(), List.of(sources), ResolverSettings.builder().deadline(deadline).build())
          .resolve(DECLARED, ENV);
      pastResolve.set(true);
      return "handler";
    };
  }

  @Test
  void prime_factoryReachesTheResolver_primesEachSourceOnceAndResolvesNothing() {
    PrimedSource a = new PrimedSource("a", () -> {});
    PrimedSource b = new PrimedSource("b", () -> {});
    AtomicBoolean pastResolve = new AtomicBoolean();

    SnapshotPriming.Outcome outcome =
        SnapshotPriming.prime(getClass(), resolvingFactory(Duration.ofSeconds(3), pastResolve, a, b));

    assertThat(outcome.reachedResolver()).isTrue();
    assertThat(outcome.primed()).containsExactlyInAnyOrder("a://", "b://");
    assertThat(a.primes).hasValue(1);
    assertThat(b.primes).hasValue(1);
    assertThat(a.timeout).isEqualTo(Duration.ofSeconds(3));
    assertThat(a.fetches).hasValue(0);
    assertThat(pastResolve).as("the factory stops at the resolver").isFalse();
  }

  @Test
  void prime_twoSources_primesThemInParallel() {
    CountDownLatch both = new CountDownLatch(2);
    AtomicInteger metTheOther = new AtomicInteger();
    Runnable meet = () -> {
      both.countDown();
      try {
        if (both.await(5, TimeUnit.SECONDS)) {
          metTheOther.incrementAndGet();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };

    SnapshotPriming.prime(getClass(), resolvingFactory(Duration.ofSeconds(8), new AtomicBoolean(),
        new PrimedSource("a", meet), new PrimedSource("b", meet)));

    assertThat(metTheOther).as("each prime waited for the other one, so both ran at once").hasValue(2);
  }

  @Test
  void prime_sourceSlowerThanTheDeadline_returnsAtTheDeadlineAndInterruptsIt() {
    AtomicBoolean interrupted = new AtomicBoolean();
    PrimedSource slow = new PrimedSource("slow", () -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    });

    long start = System.nanoTime();
    SnapshotPriming.Outcome outcome =
        SnapshotPriming.prime(getClass(), resolvingFactory(Duration.ofMillis(200), new AtomicBoolean(), slow));
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(outcome.primed()).containsExactly("slow://");
    assertThat(elapsedMillis).isBetween(150L, 3_000L);
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!interrupted.get() && System.nanoTime() < waitUntil) {
      Thread.onSpinWait();
    }
    assertThat(interrupted).isTrue();
  }

  @Test
  void prime_sourceThatThrows_isIgnoredAndTheOthersArePrimed() {
    PrimedSource failing = new PrimedSource("failing", () -> {
      throw new IllegalStateException("no network before the snapshot");
    });
    PrimedSource fine = new PrimedSource("fine", () -> {});

    SnapshotPriming.Outcome outcome =
        SnapshotPriming.prime(getClass(), resolvingFactory(Duration.ofSeconds(3), new AtomicBoolean(), failing, fine));

    assertThat(outcome.primed()).containsExactlyInAnyOrder("failing://", "fine://");
    assertThat(fine.primes).hasValue(1);
  }

  @Test
  void prime_factoryWithoutResolver_runsItAndPrimesNothing() {
    AtomicInteger built = new AtomicInteger();

    SnapshotPriming.Outcome outcome = SnapshotPriming.prime(getClass(), built::incrementAndGet);

    assertThat(built).hasValue(1);
    assertThat(outcome.reachedResolver()).isFalse();
    assertThat(outcome.primed()).isEmpty();
  }

  @Test
  void prime_factoryThatThrows_doesNotThrow() {
    SnapshotPriming.Outcome outcome = SnapshotPriming.prime(getClass(), () -> {
      throw new IllegalStateException("the user's module failed");
    });

    assertThat(outcome.reachedResolver()).isFalse();
    assertThat(outcome.primed()).isEmpty();
  }

  @Test
  void prime_noSourceBound_stopsAtTheResolverAndPrimesNothing() {
    AtomicBoolean pastResolve = new AtomicBoolean();

    SnapshotPriming.Outcome outcome =
        SnapshotPriming.prime(getClass(), resolvingFactory(Duration.ofSeconds(3), pastResolve));

    assertThat(outcome.reachedResolver()).isTrue();
    assertThat(outcome.primed()).isEmpty();
    assertThat(pastResolve).isFalse();
  }

  @Test
  void resolve_outsidePriming_resolvesAndPrimesNothing() {
    PrimedSource a = new PrimedSource("a", () -> {});
    SnapshotPriming.prime(getClass(), resolvingFactory(Duration.ofSeconds(3), new AtomicBoolean(), a));

    // No syntax is bound, so outside priming the resolver fails the variable: proof that it read it.
    assertThatThrownBy(() -> resolvingFactory(Duration.ofSeconds(3), new AtomicBoolean(), a).get())
        .isInstanceOf(SecretResolutionException.class)
        .hasMessageContaining("API_KEY");
    assertThat(a.primes).as("primed once, by the priming call only").hasValue(1);
  }
}

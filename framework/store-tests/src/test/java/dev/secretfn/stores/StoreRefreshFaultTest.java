package dev.secretfn.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secretfn.Environment;
import dev.secretfn.RefreshStatus;
import dev.secretfn.Refreshing;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.Step;
import dev.secretfn.stores.RefreshingFunctions.RefreshingFunction;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14's faults during a refresh, on every store form that can rotate, on the lean transports and on the official clients: the store has
 * rotated to a new value, and the refreshes that would read it meet a burst of 429s or 503s longer than the
 * retries, a denied permission, dropped connections, or answers slower than {@link
 * ResolverSettings#refreshDeadline()}. Each fails its future with the step, the variable and the thing read;
 * the last good value keeps serving; {@link RefreshStatus} shows the failure's step and the streak, which one
 * WARNING reports and one INFO ends when the fault clears and a refresh reads the new value. The audit holds the
 * old value and the rotated one as canaries and checks every exception, status, log record (debug included),
 * the standard streams, the files under the module, and the emulators.
 */
class StoreRefreshFaultTest {
  /** Short, so that the slow case stays fast; the other faults fail long before it. */
  private static final Duration REFRESH_DEADLINE = Duration.ofMillis(500);
  private static final ResolverSettings SETTINGS = ResolverSettings.builder()
      .deadline(SourceTestbed.FAST.deadline())
      .initialBackoff(SourceTestbed.FAST.initialBackoff())
      .maxBackoff(SourceTestbed.FAST.maxBackoff())
      .refreshDeadline(REFRESH_DEADLINE)
      .build();
  /** More faults than the refresh's attempts can use up; cleared once it failed. */
  private static final int BURST = 50;
  private static final String VARIABLE = RefreshingFunctions.VARIABLE;

  enum Fault {
    THROTTLED_BURST(true),
    UNAVAILABLE_BURST(true),
    PERMISSION_DENIED(false),
    CONNECTION_RESETS(true),
    SLOWER_THAN_REFRESH_DEADLINE(true);

    final boolean retryable;

    Fault(boolean retryable) {
      this.retryable = retryable;
    }
  }

  static Stream<Arguments> cases() {
    return Arrays.stream(Transport.values()).flatMap(transport -> Arrays.stream(RotatingStore.values())
        .filter(store -> transport == Transport.LEAN || store.hasOfficialTransport())
        .flatMap(store -> Arrays.stream(Fault.values()).map(fault -> Arguments.of(transport, store, fault))));
  }

  private SourceTestbed testbed;

  @AfterEach
  void stop() {
    if (testbed != null) {
      testbed.close(); // checks the log, the streams, the watched files and the emulators for both canaries
    }
  }

  @ParameterizedTest(name = "{0}: {1} x {2}")
  @MethodSource("cases")
  void refresh_storeFailsAfterRotation_keepsTheLastGoodValueReportsTheStreakAndLeaksNeither(
      Transport transport, RotatingStore store, Fault fault) throws Exception {
    testbed = store.start();
    testbed.auditEverything(Path.of("").toAbsolutePath());
    String old = testbed.canary("old-" + store.name().toLowerCase());
    String rotated = testbed.canary("rotated-" + store.name().toLowerCase());
    String reference = store.prepare(testbed, old);
    // The function's sources, resolved by hand with a maximum age no read reaches: only refresh() refreshes.
    RefreshingFunction function = testbed.track(RefreshingFunctions.create(transport,
        testbed.deployment(Map.of(VARIABLE, reference))));
    ResolvedSecrets secrets = SecretResolver.create(function.syntaxes(), function.sources(), SETTINGS).resolve(
        List.of(SecretDeclaration.required(VARIABLE).refreshing(Duration.ofMinutes(5))),
        Environment.of(testbed.variables(Map.of(VARIABLE, reference))));
    Refreshing<Secret> secret = secrets.refreshing(VARIABLE);
    Instant startedUp = secret.status().lastSuccess();
    store.rotate(testbed, rotated);

    SecretResolutionException first = failingRefresh(store, fault, secret);
    RefreshStatus afterOne = secret.status();
    SecretResolutionException second = failingRefresh(store, fault, secret);
    RefreshStatus afterTwo = secret.status();

    for (SecretResolutionException e : List.of(first, second)) {
      assertThat(e.failures()).hasSize(1);
      SecretResolutionException.Failure failure = e.failures().get(0);
      assertThat(failure.variable()).isEqualTo(VARIABLE);
      assertThat(failure.step()).isEqualTo(Step.FETCH);
      assertThat(failure.isRetryable()).isEqualTo(fault.retryable);
      assertThat(e.getMessage()).startsWith("secretfn could not refresh 1 of 1 secret")
          .contains(VARIABLE, store.namedInMessage());
      if (fault == Fault.SLOWER_THAN_REFRESH_DEADLINE) {
        assertThat(failure.cause()).contains("did not finish within the " + REFRESH_DEADLINE.toMillis()
            + " ms refresh deadline");
        assertThat(failure.hint()).get().asString().contains("refreshDeadline");
      }
    }
    assertThat(secret.current().revealString()).as("the last good value").isEqualTo(old);
    assertThat(afterOne.consecutiveFailures()).isEqualTo(1);
    assertThat(afterTwo.consecutiveFailures()).isEqualTo(2);
    assertThat(afterTwo.lastSuccess()).isEqualTo(startedUp);
    assertThat(afterTwo.isRefreshing()).isFalse();
    RefreshStatus.Failure lastFailure = afterTwo.lastFailure().orElseThrow();
    assertThat(lastFailure.step()).isEqualTo(Step.FETCH);
    assertThat(lastFailure.message()).contains(VARIABLE, store.namedInMessage());
    assertThat(testbed.logged("refreshing " + VARIABLE + " failed")).as("one WARNING per streak").isEqualTo(1);

    // The fault clears: the next refresh reads the rotated value and ends the streak.
    Secret fresh = secret.refresh().get(10, TimeUnit.SECONDS);
    RefreshStatus recovered = secret.status();

    assertThat(fresh.revealString()).isEqualTo(rotated);
    assertThat(secret.current().revealString()).isEqualTo(rotated);
    assertThat(recovered.consecutiveFailures()).isZero();
    assertThat(recovered.lastSuccess()).isAfter(startedUp);
    assertThat(recovered.lastFailure()).contains(lastFailure);
    assertThat(testbed.logged("refreshed again from")).as("one INFO ends the streak").isEqualTo(1);
    testbed.assertNoCanaryIn(first, second, afterOne, afterTwo, recovered, lastFailure, lastFailure.message(),
        secret, secrets, function.sources());
  }

  /** Arms {@code fault}, runs one refresh that must fail, clears the fault, and returns the failure. */
  private SecretResolutionException failingRefresh(RotatingStore store, Fault fault, Refreshing<Secret> secret)
      throws InterruptedException {
    EmulatorKnobs knobs = store.knobs(testbed);
    switch (fault) {
      case THROTTLED_BURST:
        knobs.failNext(BURST, 429);
        break;
      case UNAVAILABLE_BURST:
        knobs.failNext(BURST, 503);
        break;
      case PERMISSION_DENIED:
        knobs.deny(store.deniable(testbed));
        break;
      case CONNECTION_RESETS:
        knobs.resetNext(BURST);
        break;
      case SLOWER_THAN_REFRESH_DEADLINE:
        knobs.latency(REFRESH_DEADLINE.multipliedBy(2));
        break;
      default:
        throw new AssertionError(fault);
    }
    long start = System.nanoTime();
    ExecutionException failed;
    try {
      failed = assertThrows(ExecutionException.class, () -> secret.refresh().get(10, TimeUnit.SECONDS));
    } finally {
      knobs.reset();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("the refresh ends by its deadline").isLessThan(REFRESH_DEADLINE.plusMillis(1500));
    assertThat(secret.current().revealString().length()).isPositive(); // serving, and not wiped
    assertThat(failed.getCause()).isInstanceOf(SecretResolutionException.class);
    return (SecretResolutionException) failed.getCause();
  }
}

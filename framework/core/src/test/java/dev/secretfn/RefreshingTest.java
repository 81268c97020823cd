package dev.secretfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.SecretResolutionException.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refreshing secrets on {@link FakeSource}, whose values, latency and failures a test changes while the secrets
 * are in use, and on a {@link FakeClock}, so that ages pass only when a test says so. {@code /latest} names
 * stand for a store's unpinned (refreshable) form.
 */
class RefreshingTest {
  private static final String REF = "gs://bucket/db/latest";
  private static final Duration MAX_AGE = Duration.ofSeconds(300);

  private final FakeClock clock = new FakeClock();
  private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger("dev.secretfn");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logs.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLogs() {
    logger.addHandler(capture);
  }

  @AfterEach
  void releaseLogs() {
    logger.removeHandler(capture);
  }

  @Test
  void resolve_plainDeclarations_startNoRefresherAndFetchNothingAfterStartUp() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();

    ResolvedSecrets secrets = resolver(gcs, settings()).resolve(
        List.of(SecretDeclaration.required("DB_PASS")), Environment.of(Map.of("DB_PASS", REF)));
    clock.advance(Duration.ofDays(365));
    for (int i = 0; i < 10_000; i++) {
      secrets.get("DB_PASS");
    }

    assertThat(gcs.fetchCount()).isEqualTo(1);
    assertThat(secrets.refreshThreadsStarted()).isZero();
    assertThatThrownBy(() -> secrets.refreshing("DB_PASS"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not declared refreshing");
  }

  @Test
  void current_beforeEightyPercentOfMaxAge_createsNoThreadAndFetchesNothing() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings());
    Refreshing<Secret> dbPass = secrets.refreshing("DB_PASS");

    // Everything before the first stale read, including a whole SnapStart checkpoint, runs no refresher thread.
    clock.advance(MAX_AGE.multipliedBy(79).dividedBy(100));
    for (int i = 0; i < 10_000; i++) {
      assertThat(dbPass.current().revealString()).isEqualTo("one");
    }

    assertThat(gcs.fetchCount()).isEqualTo(1);
    assertThat(secrets.refreshThreadsStarted()).isZero();
    assertThat(dbPass.status().isRefreshing()).isFalse();
  }

  @Test
  void current_pastMaxAge_startsOneBackgroundRefreshOnOneThreadAndReturnsTheNewValueAfterIt() throws Exception {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings());
    Refreshing<Secret> dbPass = secrets.refreshing("DB_PASS");
    gcs.rotateUtf8(REF, "two");

    clock.advance(MAX_AGE.plusNanos(1));
    assertThat(dbPass.current().revealString()).isEqualTo("one");
    awaitIdle(dbPass);

    assertThat(dbPass.current().revealString()).isEqualTo("two");
    assertThat(gcs.fetchCount()).isEqualTo(2);
    assertThat(secrets.refreshThreadsStarted()).isEqualTo(1);
    assertThat(dbPass.status().lastSuccess()).isEqualTo(clock.now());
  }

  @Test
  void current_whileRefreshTakesTwoSeconds_neverBlocksAndSeesTheNewValueAfterIt() throws Exception {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings());
    Refreshing<Secret> dbPass = secrets.refreshing("DB_PASS");
    gcs.setLatency(Duration.ofSeconds(2));
    gcs.rotateUtf8(REF, "two");
    clock.advance(MAX_AGE.plusNanos(1));

    // 10,000 reads from 8 threads, all while the one refresh they started sleeps in the store.
    AtomicLong slowestNanos = new AtomicLong();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    long start = System.nanoTime();
    runConcurrently(8, () -> {
      for (int i = 0; i < 1250; i++) {
        long before = System.nanoTime();
        Secret value = dbPass.current();
        slowestNanos.accumulateAndGet(System.nanoTime() - before, Math::max);
        seen.add(value.revealString());
      }
    });
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(elapsedMillis).isLessThan(1000);
    // A read is a volatile load and a clock read; the margin is for a loaded machine's scheduler and GC.
    assertThat(TimeUnit.NANOSECONDS.toMillis(slowestNanos.get())).isLessThan(50);
    assertThat(seen).containsExactly("one");
    assertThat(dbPass.status().isRefreshing()).isTrue();
    awaitIdle(dbPass);
    assertThat(dbPass.current().revealString()).isEqualTo("two");
    assertThat(gcs.fetchCount()).isEqualTo(2);
  }

  @Test
  void current_manyConcurrentStaleReads_startExactlyOneRefresh() throws Exception {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings());
    Refreshing<Secret> dbPass = secrets.refreshing("DB_PASS");
    gcs.setLatency(Duration.ofMillis(300));
    clock.advance(MAX_AGE.plusNanos(1));

    runConcurrently(16, () -> {
      for (int i = 0; i < 200; i++) {
        dbPass.current();
      }
    });
    awaitIdle(dbPass);

    assertThat(gcs.fetchCount()).isEqualTo(2);
  }

  @Test
  void refresh_concurrentCallers_shareOneFetchAndAllGetTheNewValue() throws Exception {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings());
    Refreshing<Secret> dbPass = secrets.refreshing("DB_PASS");
    gcs.setLatency(Duration.ofMillis(300));
    gcs.rotateUtf8(REF, "two");

    List<CompletableFuture<Secret>> futures = new CopyOnWriteArrayList<>();
    runConcurrently(20, () -> futures.add(dbPass.refresh()));

    for (CompletableFuture<Secret> future : futures) {
      assertThat(future.get(5, TimeUnit.SECONDS).revealString()).isEqualTo("two");
    }
    assertThat(gcs.fetchCount()).isEqualTo(2);
    assertThat(futures).hasSize(20);
  }

  @Test
  void current_whileValuesRotateUnderLoad_neverSeesATornValueAndSeesEachNewOneAfterItsRefresh()
      throws Exception {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, value(0)).build();
    gcs.setLatency(Duration.ofMillis(5));
    ResolvedSecrets secrets = resolver(gcs, settings()).resolve(
        List.of(SecretDeclaration.required("DB_PASS").text().refreshing(MAX_AGE)),
        Environment.of(Map.of("DB_PASS", REF)));
    Refreshing<Secret> asSecret = secrets.refreshing("DB_PASS");
    Refreshing<String> asString = secrets.refreshingString("DB_PASS");
    Set<String> served = ConcurrentHashMap.newKeySet();
    served.add(value(0));
    AtomicBoolean rotating = new AtomicBoolean(true);
    List<String> bad = new CopyOnWriteArrayList<>();

    Thread rotator = new Thread(() -> {
      try {
        for (int n = 1; n <= 20; n++) {
          served.add(value(n));
          gcs.rotateUtf8(REF, value(n));
          asString.refresh().get(5, TimeUnit.SECONDS);
          Thread.sleep(10);
          // Every read that starts after the refresh completed sees the new value.
          if (!asString.current().equals(value(n)) || !asSecret.current().revealString().equals(value(n))) {
            bad.add("a read after refresh " + n + " saw an older value");
          }
        }
      } catch (Exception e) {
        bad.add(e.toString());
      } finally {
        rotating.set(false);
      }
    });
    rotator.start();
    runConcurrently(6, () -> {
      while (rotating.get()) {
        String text = asString.current();
        if (!served.contains(text)) {
          bad.add("a torn or unknown String of length " + text.length());
        }
        Secret secret = asSecret.current();
        String bytes;
        try {
          bytes = secret.revealString();
        } catch (IllegalStateException wiped) {
          continue; // held across two newer values (a descheduled reader): wiped by design, never torn
        }
        // A wipe racing the read zeroes bytes after the check; the secret then says it was wiped.
        if (!served.contains(bytes) && !secret.isWiped()) {
          bad.add("a torn or unknown Secret of length " + bytes.length());
        }
      }
    });
    rotator.join();

    assertThat(bad).isEmpty();
    assertThat(asString.current()).isEqualTo(value(20));
  }

  @Test
  void refresh_failing_keepsTheLastGoodValueWarnsOncePerStreakAndLogsRecoveryOnce() throws Exception {
    String first = "canary-first-7f3a9c";
    String second = "canary-second-b51e02";
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, first).build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings());
    Refreshing<Secret> dbPass = secrets.refreshing("DB_PASS");
    gcs.failPermanentlyNow(REF, Step.FETCH, "403 Forbidden: permission denied on the secret",
        "grant roles/secretmanager.secretAccessor");

    List<Throwable> errors = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      errors.add(failureOf(dbPass.refresh()));
      assertThat(dbPass.current().revealString()).isEqualTo(first);
    }

    assertThat(errors).allSatisfy(e -> assertThat(e)
        .isInstanceOf(SecretResolutionException.class)
        .hasMessageStartingWith("secretfn could not refresh 1 of 1 secret")
        .hasMessageContaining("DB_PASS = " + REF + ": FETCH failed: 403 Forbidden")
        .hasMessageContaining("Fix: grant roles/secretmanager.secretAccessor"));
    RefreshStatus failing = dbPass.status();
    assertThat(failing.consecutiveFailures()).isEqualTo(3);
    assertThat(failing.lastFailure()).get().satisfies(f -> {
      assertThat(f.step()).isEqualTo(Step.FETCH);
      assertThat(f.message()).contains("DB_PASS", REF, "403 Forbidden");
    });
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0).getMessage())
        .contains("refreshing DB_PASS failed", REF, "FETCH failed: 403 Forbidden", "keeps serving");

    gcs.heal(REF);
    gcs.rotateUtf8(REF, second);
    assertThat(dbPass.refresh().get(5, TimeUnit.SECONDS).revealString()).isEqualTo(second);
    gcs.failPermanentlyNow(REF, Step.FETCH, "403 Forbidden: permission denied on the secret", "grant it");
    failureOf(dbPass.refresh());

    assertThat(infos("refreshed again")).hasSize(1);
    assertThat(infos("refreshed again").get(0).getMessage()).contains("DB_PASS", "after 3 failed refreshes");
    assertThat(warnings()).hasSize(2); // a new streak, a new warning
    assertThat(infos("secretfn resolved")).hasSize(1); // start-up's summary only, none per refresh
    List<String> everything = new ArrayList<>();
    logs.forEach(r -> everything.add(r.getMessage()));
    errors.forEach(e -> everything.add(e.getMessage()));
    everything.add(dbPass.status().toString());
    everything.add(dbPass.status().lastFailure().orElseThrow().message());
    everything.add(dbPass.toString());
    everything.add(dbPass.current().toString());
    everything.add(secrets.toString());
    assertThat(everything).noneMatch(s -> s.contains(first) || s.contains(second));
  }

  @Test
  void current_afterAFailedRefresh_waitsBeforeStartingAnother() throws Exception {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings());
    Refreshing<Secret> dbPass = secrets.refreshing("DB_PASS");
    gcs.failPermanentlyNow(REF, Step.FETCH, "403 Forbidden", "grant it");
    clock.advance(MAX_AGE.plusNanos(1));
    dbPass.current();
    awaitIdle(dbPass);

    for (int i = 0; i < 1000; i++) {
      dbPass.current();
    }
    assertThat(gcs.fetchCount()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(6));
    dbPass.current();
    awaitIdle(dbPass);
    assertThat(gcs.fetchCount()).isEqualTo(3);
  }

  @Test
  void resolve_refreshingDeclarationWithPinnedReference_failsStartUpNamingTheFix() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8("gs://bucket/db", "one").build();

    SecretResolutionException e = resolveFailing(gcs,
        List.of(SecretDeclaration.required("DB_PASS").refreshing(MAX_AGE), SecretDeclaration.required("OTHER")),
        Map.of("DB_PASS", "gs://bucket/db"));

    assertThat(e.failures()).extracting(Failure::variable).containsExactly("DB_PASS", "OTHER");
    Failure pinned = e.failures().get(0);
    assertThat(pinned.step()).isEqualTo(Step.PARSE_REFERENCE);
    assertThat(pinned.reference()).contains("gs://bucket/db");
    assertThat(pinned.cause()).contains("DB_PASS is declared refreshing but its reference is pinned to");
    assertThat(pinned.hint()).get().asString()
        .contains("drop the version from the reference to let it refresh")
        .contains("declare DB_PASS without @Refresh");
    assertThat(gcs.fetchCount()).isZero();
  }

  @Test
  void refresh_newValues_wipeThePreviousButOneAndAnUnchangedValueWipesNothing() throws Exception {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings());
    Refreshing<Secret> dbPass = secrets.refreshing("DB_PASS");
    Secret one = dbPass.current();
    gcs.rotateUtf8(REF, "two");
    Secret two = dbPass.refresh().get(5, TimeUnit.SECONDS);

    assertThat(one.isWiped()).isFalse(); // a request that read it before the refresh may still use it
    gcs.rotateUtf8(REF, "three");
    Secret three = dbPass.refresh().get(5, TimeUnit.SECONDS);

    assertThat(one.isWiped()).isTrue();
    assertThat(two.isWiped()).isFalse();
    assertThat(three.revealString()).isEqualTo("three");
    assertThat(dbPass.refresh().get(5, TimeUnit.SECONDS)).isSameAs(three);
    assertThat(dbPass.refresh().get(5, TimeUnit.SECONDS)).isSameAs(three);
    assertThat(two.isWiped()).isFalse();

    secrets.wipeAll();
    assertThat(two.isWiped()).isTrue();
    assertThat(three.isWiped()).isTrue();
  }

  @Test
  void refresh_slowerThanTheRefreshDeadline_failsAtThatDeadlineAndKeepsServing() throws Exception {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();
    ResolverSettings settings = fastRetries().refreshDeadline(Duration.ofMillis(300)).build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings);
    Refreshing<Secret> dbPass = secrets.refreshing("DB_PASS");
    gcs.setLatency(Duration.ofSeconds(5));

    long start = System.nanoTime();
    Throwable failure = failureOf(dbPass.refresh());
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(failure).hasMessageContaining("did not finish within the 300 ms refresh deadline")
        .hasMessageContaining("raise refreshDeadline in ResolverSettings");
    assertThat(elapsedMillis).isBetween(250L, 2000L);
    assertThat(dbPass.current().revealString()).isEqualTo("one");
    assertThat(dbPass.status().lastFailure()).get().extracting(RefreshStatus.Failure::step).isEqualTo(Step.FETCH);
  }

  @Test
  void refresh_twoFieldsOfOneSecret_refreshTogetherWithOneFetch() throws Exception {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "{\"user\":\"app\",\"pass\":\"one\"}").build();
    ResolvedSecrets secrets = resolver(gcs, settings()).resolve(
        List.of(SecretDeclaration.required("DB_USER").refreshing(MAX_AGE),
            SecretDeclaration.required("DB_PASS").refreshing(Duration.ofSeconds(60))),
        Environment.of(Map.of("DB_USER", REF + "#user", "DB_PASS", REF + "#pass")));
    gcs.rotateUtf8(REF, "{\"user\":\"app2\",\"pass\":\"two\"}");

    assertThat(secrets.refreshing("DB_PASS").refresh().get(5, TimeUnit.SECONDS).revealString()).isEqualTo("two");

    assertThat(secrets.refreshing("DB_USER").current().revealString()).isEqualTo("app2");
    assertThat(gcs.fetchCount()).isEqualTo(2);
  }

  @Test
  void get_refreshingVariable_pointsToItsHolder() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();
    ResolvedSecrets secrets = resolveRefreshing(gcs, settings());

    assertThatThrownBy(() -> secrets.get("DB_PASS"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("refreshing(\"DB_PASS\").current()");
    assertThatThrownBy(() -> secrets.refreshingString("DB_PASS"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not declared as text");
    assertThat(secrets.refreshing("DB_PASS")).isSameAs(secrets.refreshing("DB_PASS"))
        .hasToString("Refreshing[DB_PASS]");
  }

  @Test
  void resolve_sameVariablePlainAndRefreshing_isAConflict() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8(REF, "one").build();

    SecretResolutionException e = resolveFailing(gcs,
        List.of(SecretDeclaration.required("DB_PASS"), SecretDeclaration.required("DB_PASS").refreshing(MAX_AGE)),
        Map.of("DB_PASS", REF));

    assertThat(e.failures()).singleElement().satisfies(f -> assertThat(f.cause()).contains("conflicting"));
  }

  @Test
  void refreshing_optionalOrUnderOneSecond_isRejected() {
    assertThatThrownBy(() -> SecretDeclaration.optional("A").refreshing(MAX_AGE))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("only a required secret can refresh");
    assertThatThrownBy(() -> SecretDeclaration.required("A").refreshing(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 second");
    SecretDeclaration declaration = SecretDeclaration.required("A").refreshing(MAX_AGE).text();
    assertThat(declaration.refreshMaxAge()).contains(MAX_AGE);
    assertThat(declaration.isText()).isTrue();
    assertThat(declaration).hasToString("SecretDeclaration[A, required, text, refreshing at max age PT5M]");
  }

  @Test
  void settings_refreshDeadline_defaultsToTenSecondsAndIsValidated() {
    assertThat(ResolverSettings.defaults().refreshDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> ResolverSettings.builder().refreshDeadline(Duration.ZERO))
        .hasMessageContaining("refreshDeadline must be between 1 ms and PT15M");
  }

  private static String value(int n) {
    // Whole values of one length, each character its own: a value mixed from two would match neither.
    return String.valueOf((char) ('A' + n)).repeat(64);
  }

  private ResolvedSecrets resolveRefreshing(FakeSource source, ResolverSettings settings) {
    return resolver(source, settings).resolve(
        List.of(SecretDeclaration.required("DB_PASS").refreshing(MAX_AGE)), Environment.of(Map.of("DB_PASS", REF)));
  }

  private SecretResolutionException resolveFailing(
      FakeSource source, List<SecretDeclaration> declarations, Map<String, String> env) {
    try {
      resolver(source, settings()).resolve(declarations, Environment.of(env));
    } catch (SecretResolutionException e) {
      return e;
    }
    throw new AssertionError("expected start-up to fail");
  }

  private SecretResolver resolver(FakeSource source, ResolverSettings settings) {
    return SecretResolver.create(List.of(source.syntax()), List.of(source), settings, clock);
  }

  private static ResolverSettings settings() {
    return fastRetries().build();
  }

  private static ResolverSettings.Builder fastRetries() {
    return ResolverSettings.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20));
  }

  private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the refresh to fail");
  }

  private static void awaitIdle(Refreshing<?> refreshing) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (refreshing.status().isRefreshing()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("the refresh did not end");
      }
      Thread.sleep(5);
    }
  }

  /** Runs {@code body} on {@code threads} threads released together, and waits for all of them. */
  private static void runConcurrently(int threads, Runnable body) throws InterruptedException {
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> started = new ArrayList<>();
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread thread = new Thread(() -> {
        try {
          go.await();
          body.run();
        } catch (Throwable t) {
          thrown.add(t);
        }
      });
      thread.start();
      started.add(thread);
    }
    go.countDown();
    for (Thread thread : started) {
      thread.join();
    }
    assertThat(thrown).isEmpty();
  }

  private List<LogRecord> warnings() {
    return logs.stream().filter(r -> r.getLevel() == Level.WARNING).collect(Collectors.toList());
  }

  private List<LogRecord> infos(String containing) {
    return logs.stream().filter(r -> r.getLevel() == Level.INFO && r.getMessage().contains(containing))
        .collect(Collectors.toList());
  }
}

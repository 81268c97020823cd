package dev.secretfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The resolver end to end on {@link FakeSource}s and their syntax, bound for the built-in schemes' ids ({@code
 * gs}, {@code s3}, {@code vault}) so that the values read as they do in production.
 */
class SecretResolverTest {
  private static final Scheme GS = Scheme.of("gs");
  private static final String CIPHERTEXT = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6});
  private static final String KEY = "projects/p1/keys/key";

  @Test
  void resolve_manySlowSourcesAndObjects_fetchesAllInParallel() {
    // Eight distinct objects spread over three sources, 300 ms each: sequential would take 2.4 s.
    FakeSource.Builder gcs = FakeSource.builder("gs").latency(Duration.ofMillis(300));
    FakeSource.Builder s3 = FakeSource.builder("s3").latency(Duration.ofMillis(300));
    FakeSource.Builder vault = FakeSource.builder("vault").latency(Duration.ofMillis(300));
    Map<String, String> env = new HashMap<>();
    List<SecretDeclaration> declarations = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      gcs.putUtf8("gs://bucket/s" + i, "g" + i);
      s3.putUtf8("s3://bucket/s" + i, "s" + i);
      env.put("G" + i, "gs://bucket/s" + i);
      env.put("S" + i, "s3://bucket/s" + i);
      declarations.add(SecretDeclaration.required("G" + i));
      declarations.add(SecretDeclaration.required("S" + i));
    }
    for (int i = 0; i < 2; i++) {
      vault.putUtf8("vault://secret/s" + i, "v" + i);
      env.put("V" + i, "vault://secret/s" + i);
      declarations.add(SecretDeclaration.required("V" + i));
    }
    FakeSource gcsSource = gcs.build();
    FakeSource s3Source = s3.build();
    FakeSource vaultSource = vault.build();

    long start = System.nanoTime();
    ResolvedSecrets secrets = resolver(gcsSource, s3Source, vaultSource).resolve(declarations, Environment.of(env));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(secrets.get("G2").revealString()).isEqualTo("g2");
    assertThat(secrets.get("S0").revealString()).isEqualTo("s0");
    assertThat(secrets.get("V1").revealString()).isEqualTo("v1");
    // Deterministic proof of parallelism: every fetch of a source was in flight at once.
    assertThat(gcsSource.maxConcurrentFetches()).isEqualTo(3);
    assertThat(s3Source.maxConcurrentFetches()).isEqualTo(3);
    assertThat(vaultSource.maxConcurrentFetches()).isEqualTo(2);
    // And the wall clock agrees, with a generous margin for a loaded CI machine.
    assertThat(elapsedMillis).isLessThan(1200);
  }

  @Test
  void resolve_severalFieldsOfOneObject_fetchesItOnce() {
    FakeSource gcs = FakeSource.builder("gs")
        .putUtf8("gs://bucket/db.json", "{\"username\":\"app\",\"password\":\"pa\\u00dfword\",\"port\":5432}")
        .build();
    Environment env = Environment.of(Map.of(
        "DB_USER", "gs://bucket/db.json#username",
        "DB_PASS", "gs://bucket/db.json#password",
        "DB_ALL", "gs://bucket/db.json"));

    ResolvedSecrets secrets = resolver(gcs).resolve(required("DB_USER", "DB_PASS", "DB_ALL"), env);

    assertThat(secrets.get("DB_USER").revealString()).isEqualTo("app");
    assertThat(secrets.get("DB_PASS").revealString()).isEqualTo("pa\u00dfword");
    assertThat(secrets.get("DB_ALL").revealString()).startsWith("{\"username\"");
    assertThat(gcs.fetchCount()).isEqualTo(1);
  }

  @Test
  void resolve_transientFailuresThenSuccess_retriesUntilSuccess() {
    FakeSource gcs = FakeSource.builder("gs")
        .putUtf8("gs://bucket/key", "value")
        .failTransiently("gs://bucket/key", 3)
        .build();

    ResolvedSecrets secrets =
        resolver(gcs).resolve(required("API_KEY"), Environment.of(Map.of("API_KEY", "gs://bucket/key")));

    assertThat(secrets.get("API_KEY").revealString()).isEqualTo("value");
    assertThat(gcs.fetchCount("gs://bucket/key")).isEqualTo(4);
  }

  @Test
  void resolve_transientFailuresBeyondMaxAttempts_failsAsTransient() {
    FakeSource gcs = FakeSource.builder("gs")
        .putUtf8("gs://bucket/key", "value")
        .failTransiently("gs://bucket/key", 10)
        .build();
    SecretResolver resolver = SecretResolver.create(syntaxesOf(gcs), List.of(gcs), fastRetries().maxAttempts(3).build());

    SecretResolutionException e = resolveFailing(resolver, required("API_KEY"), Map.of("API_KEY", "gs://bucket/key"));

    assertThat(gcs.fetchCount()).isEqualTo(3);
    Failure failure = e.failures().get(0);
    assertThat(failure.isRetryable()).isTrue();
    assertThat(failure.cause()).contains("503").contains("after 3 attempts");
  }

  @Test
  void resolve_permanentFailure_isNotRetriedAndCarriesHint() {
    FakeSource gcs = FakeSource.builder("gs")
        .failPermanently("gs://bucket/key", Step.FETCH, "403 Forbidden: storage.objects.get denied",
            "grant roles/storage.objectViewer on gs://bucket to the function's service account")
        .build();

    SecretResolutionException e =
        resolveFailing(resolver(gcs), required("API_KEY"), Map.of("API_KEY", "gs://bucket/key"));

    assertThat(gcs.fetchCount()).isEqualTo(1);
    Failure failure = e.failures().get(0);
    assertThat(failure.variable()).isEqualTo("API_KEY");
    assertThat(failure.reference()).contains("gs://bucket/key");
    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.hint()).hasValueSatisfying(h -> assertThat(h).contains("roles/storage.objectViewer"));
    assertThat(e.getMessage())
        .contains("API_KEY = gs://bucket/key: FETCH failed: 403 Forbidden")
        .contains("Fix: grant roles/storage.objectViewer");
  }

  @Test
  void resolve_sourceSlowerThanDeadline_failsAtDeadlineAndLeavesNoThread() throws InterruptedException {
    FakeSource gcs = FakeSource.builder("gs")
        .putUtf8("gs://bucket/slow", "value")
        .latency(Duration.ofSeconds(30))
        .build();
    FakeSource s3 = FakeSource.builder("s3").putUtf8("s3://bucket/fast", "fast").build();
    SecretResolver resolver =
        SecretResolver.create(syntaxesOf(gcs, s3), List.of(gcs, s3), ResolverSettings.builder().deadline(Duration.ofMillis(300)).build());

    long start = System.nanoTime();
    SecretResolutionException e = resolveFailing(resolver, required("SLOW", "FAST"),
        Map.of("SLOW", "gs://bucket/slow", "FAST", "s3://bucket/fast"));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(elapsedMillis).isBetween(300L, 3000L);
    assertThat(e.failures()).extracting(Failure::variable).containsExactly("SLOW");
    assertThat(e.getMessage()).contains("did not finish within the 300 ms start-up deadline");
    assertThat(e.failures().get(0).isRetryable()).isTrue();
    assertThat(resolverThreads()).isEmpty();
  }

  @Test
  void resolve_clientTimeoutFiresWithTheDeadline_reportsTheDeadlineWithTheLastError() {
    // A source whose client timeout is set from Fetch.remaining(), as the cloud sources do: it gives up at the
    // deadline with a transient error, which must read as the deadline, not as one more transient failure.
    SecretSource timingOut = new SecretSource() {
      @Override
      public Scheme scheme() {
        return GS;
      }

      @Override
      public Secret fetch(dev.secretfn.spi.Fetch fetch) throws dev.secretfn.spi.SourceException {
        // Ignores interrupts until its own timeout, as a blocking socket read does.
        long until = System.nanoTime() + Math.max(0, fetch.remaining().toNanos()) + 5_000_000;
        while (System.nanoTime() - until < 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
        }
        throw dev.secretfn.spi.SourceException.retryable(Step.FETCH, "the client's call timeout fired");
      }
    };
    SecretResolver resolver = SecretResolver.create(syntaxesOf(timingOut), List.of(timingOut),
        fastRetries().deadline(Duration.ofMillis(300)).build());

    SecretResolutionException e = resolveFailing(resolver, required("API_KEY"), Map.of("API_KEY", "gs://bucket/key"));

    Failure failure = e.failures().get(0);
    assertThat(failure.step()).isEqualTo(Step.FETCH);
    assertThat(failure.cause()).isEqualTo("did not finish within the 300 ms start-up deadline (attempt 1; last error:"
        + " the client's call timeout fired)");
    assertThat(failure.hint()).hasValueSatisfying(h -> assertThat(h).contains("raise the deadline"));
    assertThat(failure.isRetryable()).isTrue();
  }

  @Test
  void resolve_manyProblems_listsEveryFailureInOneException() {
    FakeSource gcs = FakeSource.builder("gs")
        .putUtf8("gs://bucket/ok", "fine")
        .putUtf8("gs://bucket/not-json", "hunter2-not-json")
        .build();
    Map<String, String> env = Map.of(
        "OK", "gs://bucket/ok",
        "BAD_REF", "hunter2-plaintext-in-env",
        "NO_SOURCE", "s3://bucket/key",
        "NO_MODULE", "vault://secret/key",
        "NOT_JSON", "gs://bucket/not-json#password",
        "GONE", "gs://bucket/missing");
    // s3:// has a syntax but no source; vault:// has neither, so its module is named.
    SecretResolver resolver = SecretResolver.create(
        List.of(gcs.syntax(), new FakeSource.Syntax(Scheme.of("s3"))), List.of(gcs), fastRetries().build());

    SecretResolutionException e = resolveFailing(resolver,
        required("OK", "BAD_REF", "NO_SOURCE", "NO_MODULE", "NOT_JSON", "GONE", "UNSET"), env);

    assertThat(e.failures()).extracting(Failure::variable, Failure::step).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("BAD_REF", Step.PARSE_REFERENCE),
        org.assertj.core.groups.Tuple.tuple("NO_SOURCE", Step.SOURCE_SETUP),
        org.assertj.core.groups.Tuple.tuple("NO_MODULE", Step.SOURCE_SETUP),
        org.assertj.core.groups.Tuple.tuple("NOT_JSON", Step.SELECT_FIELD),
        org.assertj.core.groups.Tuple.tuple("GONE", Step.FETCH),
        org.assertj.core.groups.Tuple.tuple("UNSET", Step.LOOKUP));
    assertThat(e.getMessage())
        .startsWith("secretfn could not resolve 6 of 7 secrets")
        .contains("UNSET: LOOKUP failed: the variable is not set")
        .contains("NO_SOURCE = s3://bucket/key: SOURCE_SETUP failed: no source for s3:// references is bound")
        .contains("NO_MODULE: SOURCE_SETUP failed: 'vault://' references need VaultModule from secretfn-vault")
        .contains("add VaultModule from secretfn-vault to your component")
        .contains("NOT_JSON = gs://bucket/not-json#password: SELECT_FIELD failed: the payload is not a JSON object")
        .doesNotContain("hunter2");
  }

  @Test
  void resolve_optionalSecrets_takeDefaultOrAbsent() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8("gs://bucket/set", "set-value").build();
    List<SecretDeclaration> declarations = List.of(
        SecretDeclaration.optional("SET", "unused-default"),
        SecretDeclaration.optional("WITH_DEFAULT", "fallback"),
        SecretDeclaration.optional("ABSENT"));

    ResolvedSecrets secrets =
        resolver(gcs).resolve(declarations, Environment.of(Map.of("SET", "gs://bucket/set")));

    assertThat(secrets.get("SET").revealString()).isEqualTo("set-value");
    assertThat(secrets.get("WITH_DEFAULT").revealString()).isEqualTo("fallback");
    assertThat(secrets.find("ABSENT")).isEmpty();
    assertThatThrownBy(() -> secrets.get("ABSENT")).hasMessageContaining("ABSENT is not set");
    assertThatThrownBy(() -> secrets.get("NEVER_DECLARED")).hasMessageContaining("was not declared");
  }

  @Test
  void resolve_bareCiphertextDeclaredEncrypted_usesKeyFromEnvironment() {
    String reference = "fake-kms://" + KEY + "/" + CIPHERTEXT;
    FakeSource kms = FakeSource.builder("fake-kms").putUtf8(reference, "db-password").build();
    Environment env = Environment.of(Map.of("DB_PASS", CIPHERTEXT, FakeSource.BareSyntax.KEY_VARIABLE, KEY));
    SecretResolver resolver = SecretResolver.create(
        List.of(new FakeSource.BareSyntax(kms.scheme(), Kms.GCP)), List.of(kms), fastRetries().build());

    ResolvedSecrets secrets =
        resolver.resolve(List.of(SecretDeclaration.required("DB_PASS").encryptedWith(Kms.GCP)), env);

    assertThat(secrets.get("DB_PASS").revealString()).isEqualTo("db-password");
    assertThat(kms.fetchLog()).containsExactly(reference);
  }

  @Test
  void resolve_bareCiphertextNotDeclaredEncrypted_isRejectedWithoutQuotingIt() {
    SecretResolutionException e = resolveFailing(resolver(), required("DB_PASS"), Map.of("DB_PASS", CIPHERTEXT));

    assertThat(e.failures().get(0).step()).isEqualTo(Step.PARSE_REFERENCE);
    assertThat(e.getMessage()).contains("declared as encrypted").doesNotContain(CIPHERTEXT);
  }

  @Test
  void resolve_conflictingDeclarations_failsNamingBoth() {
    SecretResolutionException e = resolveFailing(resolver(),
        List.of(SecretDeclaration.required("X"), SecretDeclaration.optional("X")), Map.of());

    assertThat(e.getMessage()).contains("X: LOOKUP failed: declared twice in conflicting ways");
  }

  @Test
  void resolve_identicalDeclarations_areMerged() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8("gs://bucket/x", "x").build();

    ResolvedSecrets secrets = resolver(gcs).resolve(
        List.of(SecretDeclaration.required("X"), SecretDeclaration.required("X")),
        Environment.of(Map.of("X", "gs://bucket/x")));

    assertThat(secrets.variables()).containsExactly("X");
  }

  @Test
  void create_twoSourcesForOneScheme_isRejected() {
    FakeSource a = FakeSource.builder("gs").build();
    FakeSource b = FakeSource.builder("gs").build();

    assertThatThrownBy(() -> resolver(a, b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two sources are bound for gs:// references");
  }

  @Test
  void resolve_success_setsNoSystemPropertyAndWritesNoTempFile() throws IOException {
    String canary = "canary-7f3a9c2e-plaintext";
    FakeSource gcs = FakeSource.builder("gs")
        .putUtf8("gs://bucket/canary", canary)
        .putUtf8("gs://bucket/json", "{\"field\":\"" + canary + "\"}")
        .build();
    Properties before = (Properties) System.getProperties().clone();
    Set<Path> tempBefore = tempFiles();

    ResolvedSecrets secrets = resolver(gcs).resolve(required("A", "B"),
        Environment.of(Map.of("A", "gs://bucket/canary", "B", "gs://bucket/json#field")));

    assertThat(secrets.get("B").revealString()).isEqualTo(canary);
    assertThat(System.getProperties()).isEqualTo(before);
    assertThat(System.getProperties().values()).noneMatch(v -> String.valueOf(v).contains(canary));
    assertThat(tempFiles()).isEqualTo(tempBefore);
    assertThat(System.getenv().values()).noneMatch(v -> v.contains(canary));
    assertThat(secrets.toString()).isEqualTo("ResolvedSecrets[A, B]");
    assertThat(secrets.get("A").toString()).isEqualTo("Secret[A, redacted]");
  }

  @Test
  void resolve_failure_wipesWhatWasFetched() {
    List<Secret> handedOut = new ArrayList<>();
    FakeSource gcs = FakeSource.builder("gs").putUtf8("gs://bucket/ok", "fine").build();
    SecretSource recording = new SecretSource() {
      @Override
      public Scheme scheme() {
        return GS;
      }

      @Override
      public Secret fetch(dev.secretfn.spi.Fetch fetch) throws dev.secretfn.spi.SourceException, InterruptedException {
        Secret secret = gcs.fetch(fetch);
        handedOut.add(secret);
        return secret;
      }
    };

    resolveFailing(SecretResolver.create(syntaxesOf(recording), List.of(recording), ResolverSettings.defaults()), required("OK", "UNSET"),
        Map.of("OK", "gs://bucket/ok"));

    assertThat(handedOut).hasSize(1);
    assertThat(handedOut.get(0).isWiped()).isTrue();
  }

  @Test
  void resolve_sourceThrowsLinkageError_reportsMissingClassNotDeadline() {
    SecretSource broken = new SecretSource() {
      @Override
      public Scheme scheme() {
        return GS;
      }

      @Override
      public Secret fetch(dev.secretfn.spi.Fetch fetch) {
        throw new NoClassDefFoundError("com/example/LeftOutOfTheJar");
      }
    };

    SecretResolutionException e =
        resolveFailing(resolver(broken), required("API_KEY"), Map.of("API_KEY", "gs://bucket/key"));

    assertThat(e.getMessage())
        .contains("failed unexpectedly with java.lang.NoClassDefFoundError: com/example/LeftOutOfTheJar")
        .doesNotContain("deadline");
  }

  @Test
  void resolve_textDeclarationWithBinaryPayload_failsAtDecode() {
    FakeSource gcs = FakeSource.builder("gs")
        .put("gs://bucket/cert.der", new byte[] {(byte) 0x30, (byte) 0x82, (byte) 0xff, 0})
        .build();
    Environment env = Environment.of(Map.of("CERT", "gs://bucket/cert.der", "KEY", "gs://bucket/cert.der"));

    SecretResolutionException e = resolveFailing(resolver(gcs),
        List.of(SecretDeclaration.required("CERT"), SecretDeclaration.required("KEY").text()),
        Map.of("CERT", "gs://bucket/cert.der", "KEY", "gs://bucket/cert.der"));
    ResolvedSecrets bytesOnly = resolver(gcs).resolve(List.of(SecretDeclaration.required("CERT")), env);

    assertThat(e.failures()).extracting(Failure::variable, Failure::step)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("KEY", Step.DECODE));
    assertThat(bytesOnly.get("CERT").length()).isEqualTo(4);
  }

  @Test
  void resolve_sameVariableAsTextAndAsBytes_mergesRequiringText() {
    FakeSource gcs = FakeSource.builder("gs").put("gs://bucket/bin", new byte[] {(byte) 0xff}).build();

    SecretResolutionException e = resolveFailing(resolver(gcs),
        List.of(SecretDeclaration.required("X"), SecretDeclaration.required("X").text()),
        Map.of("X", "gs://bucket/bin"));

    assertThat(e.failures()).extracting(Failure::step).containsExactly(Step.DECODE);
  }

  @Test
  void resolve_successOrFailure_tellsEachUsedSourceOnceAfterItsFetchesEnded() {
    FakeSource gcs = FakeSource.builder("gs")
        .putUtf8("gs://bucket/a", "a")
        .failPermanently("gs://bucket/b", Step.FETCH, "403 Forbidden", "grant it")
        .latency(Duration.ofMillis(50))
        .build();
    FinishCounting counting = new FinishCounting(gcs);
    FinishCounting unused = new FinishCounting(FakeSource.builder("s3").build());
    Map<String, String> env = Map.of("A", "gs://bucket/a", "A2", "gs://bucket/a#x", "B", "gs://bucket/b");
    List<SecretDeclaration> declarations = List.of(SecretDeclaration.required("A"), SecretDeclaration.required("B"));

    assertThatThrownBy(() -> resolver(counting, unused).resolve(declarations, Environment.of(env)))
        .isInstanceOf(SecretResolutionException.class);
    assertThat(counting.finished).isEqualTo(1);
    assertThat(counting.fetchesInFlightWhenFinished).isZero();
    assertThat(unused.finished).isZero();

    resolver(counting).resolve(List.of(SecretDeclaration.required("A")), Environment.of(env));
    assertThat(counting.finished).isEqualTo(2);
  }

  @Test
  void resolve_finishHookThrows_isIgnored() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8("gs://bucket/a", "a").build();
    SecretSource throwing = new FinishCounting(gcs) {
      @Override
      public void resolutionFinished() {
        throw new IllegalStateException("revoke failed");
      }
    };

    ResolvedSecrets secrets = resolver(throwing)
        .resolve(List.of(SecretDeclaration.required("A")), Environment.of(Map.of("A", "gs://bucket/a")));

    assertThat(secrets.get("A").revealString()).isEqualTo("a");
  }

  @Test
  void resolve_sources_areToldTheirDistinctReferencesBeforeAnyFetch() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8("gs://bucket/a", "{\"x\":\"1\",\"y\":\"2\"}")
        .putUtf8("gs://bucket/b", "b").build();
    FakeSource s3 = FakeSource.builder("s3").putUtf8("s3://bucket/c", "c").build();
    Expecting expectingGcs = new Expecting(gcs);
    Expecting expectingS3 = new Expecting(s3);
    Map<String, String> env = Map.of("A", "gs://bucket/a#x", "A2", "gs://bucket/a#y", "B", "gs://bucket/b",
        "C", "s3://bucket/c");

    resolver(expectingGcs, expectingS3).resolve(required("A", "A2", "B", "C"), Environment.of(env));

    assertThat(expectingGcs.expected).containsExactly(List.of("gs://bucket/a", "gs://bucket/b"));
    assertThat(expectingS3.expected).containsExactly(List.of("s3://bucket/c"));
    assertThat(expectingGcs.fetchesBeforeExpect).isZero();
  }

  @Test
  void resolve_expectHookThrows_isIgnored() {
    FakeSource gcs = FakeSource.builder("gs").putUtf8("gs://bucket/a", "a").build();
    SecretSource throwing = new Expecting(gcs) {
      @Override
      public void expect(List<SecretReference> references) {
        throw new IllegalStateException("cannot plan");
      }
    };

    ResolvedSecrets secrets = resolver(throwing)
        .resolve(List.of(SecretDeclaration.required("A")), Environment.of(Map.of("A", "gs://bucket/a")));

    assertThat(secrets.get("A").revealString()).isEqualTo("a");
  }

  @Test
  void resolve_unpinnedReference_warnsOncePerVariableWithoutTheValue() {
    FakeSource sm = FakeSource.builder("sm").putUtf8("sm://app/db/latest", "{\"password\":\"s3cr3t-canary\"}")
        .putUtf8("sm://app/api/7", "k3y-canary").build();
    Map<String, String> env = Map.of("DB_PASS", "sm://app/db/latest#password", "DB_ALL", "sm://app/db/latest",
        "API_KEY", "sm://app/api/7");
    Logger logger = Logger.getLogger("dev.secretfn");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try {
      resolver(sm).resolve(required("DB_PASS", "DB_ALL", "API_KEY"), Environment.of(env));
    } finally {
      logger.removeHandler(handler);
    }

    List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING)
        .map(LogRecord::getMessage).collect(Collectors.toList());
    assertThat(warnings).hasSize(2);
    assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("secretfn: DB_PASS reads sm://app/db/latest#password"));
    assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("secretfn: DB_ALL reads sm://app/db/latest "));
    assertThat(warnings).allSatisfy(w -> assertThat(w).contains("pin a version").doesNotContain("canary"));
  }

  /** Records what {@link SecretSource#expect} received, and whether a fetch came before it. */
  private static class Expecting implements SecretSource {
    private final SecretSource delegate;
    final List<List<String>> expected = new CopyOnWriteArrayList<>();
    volatile int fetchesBeforeExpect;

    Expecting(SecretSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Scheme scheme() {
      return delegate.scheme();
    }

    @Override
    public void expect(List<SecretReference> references) {
      expected.add(references.stream().map(SecretReference::format).collect(Collectors.toList()));
    }

    @Override
    public Secret fetch(dev.secretfn.spi.Fetch fetch)
        throws dev.secretfn.spi.SourceException, InterruptedException {
      if (expected.isEmpty()) {
        fetchesBeforeExpect++;
      }
      return delegate.fetch(fetch);
    }
  }

  /** Counts {@link SecretSource#resolutionFinished} calls and checks that no fetch is running then. */
  private static class FinishCounting implements SecretSource {
    private final SecretSource delegate;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    volatile int finished;
    volatile int fetchesInFlightWhenFinished;

    FinishCounting(SecretSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Scheme scheme() {
      return delegate.scheme();
    }

    @Override
    public Secret fetch(dev.secretfn.spi.Fetch fetch)
        throws dev.secretfn.spi.SourceException, InterruptedException {
      inFlight.incrementAndGet();
      try {
        return delegate.fetch(fetch);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public void resolutionFinished() {
      fetchesInFlightWhenFinished += inFlight.get();
      finished++;
    }
  }

  private static SecretResolver resolver(SecretSource... sources) {
    return SecretResolver.create(syntaxesOf(sources), List.of(sources), fastRetries().build());
  }

  /** The fake's syntax for the scheme of each source, once per scheme: a store module binds both. */
  private static List<ReferenceSyntax> syntaxesOf(SecretSource... sources) {
    Map<Scheme, ReferenceSyntax> syntaxes = new LinkedHashMap<>();
    for (SecretSource source : sources) {
      syntaxes.putIfAbsent(source.scheme(), new FakeSource.Syntax(source.scheme()));
    }
    return List.copyOf(syntaxes.values());
  }

  private static ResolverSettings.Builder fastRetries() {
    return ResolverSettings.builder().initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20));
  }

  private static List<SecretDeclaration> required(String... variables) {
    return Stream.of(variables).map(SecretDeclaration::required).collect(Collectors.toList());
  }

  private static SecretResolutionException resolveFailing(
      SecretResolver resolver, List<SecretDeclaration> declarations, Map<String, String> env) {
    try {
      resolver.resolve(declarations, Environment.of(env));
    } catch (SecretResolutionException e) {
      return e;
    }
    throw new AssertionError("expected resolution to fail");
  }

  private static List<String> resolverThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("secretfn-resolver-"))
        .collect(Collectors.toList());
  }

  /** Files under java.io.tmpdir, which the build points at a directory of this module's own. */
  private static Set<Path> tempFiles() throws IOException {
    Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    try (Stream<Path> files = Files.walk(tmp)) {
      return files.collect(Collectors.toSet());
    }
  }
}

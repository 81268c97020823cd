package dev.secretfn.testing.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolver;
import dev.secretfn.Step;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.CanaryAudit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every store's source keeps, run against its emulator through the real resolver: exact bytes,
 * JSON fields from one fetch, permanent failures not retried and transient ones retried, nothing partial
 * injected, the deadline kept, and no secret in any message, {@code toString()} or log line. Extend it once
 * per store with a {@link StoreFixture}:
 *
 * <pre>{@code
 * class AcmeSourceContractTest extends SourceContract {
 *   protected StoreFixture openFixture() { return new AcmeFixture(); }
 * }
 * }</pre>
 *
 * <p>Each test opens its own fixture and closes it afterwards. JUnit Jupiter runs the inherited tests.
 */
public abstract class SourceContract {
  /** A deadline well above a loaded machine's first-client start-up, so only the deadline test meets it. */
  private static final ResolverSettings SETTINGS = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(15))
      .maxAttempts(4)
      .initialBackoff(Duration.ofMillis(10))
      .maxBackoff(Duration.ofMillis(50))
      .build();

  /**
   * For a store that holds text only: every UTF-8 length, C0 controls, DEL, and what JSON and references
   * escape, so that a store that keeps it inside JSON must encode and decode it exactly.
   */
  private static final String RICH_TEXT =
      "\u0000\u0001\u001f\u007f\"\\/#?%&= \t\r\n\u00e9\u07ff\u0800\u2028\u2029\ufeff\uffff\ud83d\udd11 end";

  private StoreFixture fixture;
  private CountingSource source;

  /** Opens a fresh fixture: a started emulator and a source pointed at it. */
  protected abstract StoreFixture openFixture();

  @BeforeEach
  final void openStore() {
    fixture = openFixture();
    source = new CountingSource(fixture.source());
  }

  @AfterEach
  final void closeStore() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void resolve_storedBinaryValue_returnsExactBytes() {
    byte[] value = fixture.holdsBinary() ? everyByte() : utf8(RICH_TEXT);
    SecretReference reference = fixture.put("binary", value);

    ResolvedSecrets secrets = resolve(Map.of("BLOB", reference.format()), SecretDeclaration.required("BLOB"));

    assertArrayEquals(value, secrets.get("BLOB").revealBytes());
    assertEquals(1, source.fetches.get(), "fetch attempts");
  }

  @Test
  void resolve_twoFieldsOfOneJsonSecret_fetchesOnce() {
    String whole = fixture.put("db", utf8("{\"username\":\"app\",\"password\":\"pw-\\u00e9\"}"))
        .withoutField().format();
    if (!fixture.selectsFields()) {
      Failure failure = onlyFailure(Map.of("DB_USER", whole + "#username"), SecretDeclaration.required("DB_USER"));
      assertEquals(Step.PARSE_REFERENCE, failure.step(), "a store without fields refuses '#': " + failure);
      return;
    }

    ResolvedSecrets secrets = resolve(Map.of("DB_USER", whole + "#username", "DB_PASS", whole + "#password"),
        SecretDeclaration.required("DB_USER").text(), SecretDeclaration.required("DB_PASS").text());

    assertEquals("app", secrets.get("DB_USER").revealString());
    assertEquals("pw-\u00e9", secrets.get("DB_PASS").revealString());
    assertEquals(1, source.fetches.get(), "one fetch serves every field of one secret");
  }

  @Test
  void resolve_absentSecret_failsPermanentlyOnFirstAttempt() {
    Failure failure = onlyFailure(Map.of("GONE", fixture.absent().format()), SecretDeclaration.required("GONE"));

    assertEquals("GONE", failure.variable());
    assertFalse(failure.isRetryable(), "a missing secret is not worth retrying: " + failure);
    assertEquals(1, source.fetches.get(), "fetch attempts");
  }

  @Test
  void resolve_deniedSecret_failsPermanentlyWithAFix() {
    SecretReference reference = fixture.put("denied", utf8("value"));
    fixture.deny(reference);

    Failure failure = onlyFailure(Map.of("KEY", reference.format()), SecretDeclaration.required("KEY"));

    assertFalse(failure.isRetryable(), "access denied is not worth retrying: " + failure);
    assertTrue(failure.hint().isPresent(), "a denial says what to grant: " + failure);
    assertEquals(1, source.fetches.get(), "fetch attempts");
  }

  @Test
  void resolve_unavailableOnce_isRetriedAndSucceeds() {
    assertRetriedThrough(() -> fixture.knobs().failNext(1, 503));
  }

  @Test
  void resolve_throttledOnce_isRetriedAndSucceeds() {
    assertRetriedThrough(() -> fixture.knobs().failNext(1, 429));
  }

  @Test
  void resolve_connectionResetOnce_isRetriedAndSucceeds() {
    assumeTransport();
    // The HTTP client may retry an idempotent read on a dropped connection itself, so one attempt is enough.
    byte[] value = utf8("after-a-reset");
    SecretReference reference = fixture.put("reset", value);
    fixture.knobs().resetNext(1);

    ResolvedSecrets secrets = resolve(Map.of("KEY", reference.format()), SecretDeclaration.required("KEY"));

    assertArrayEquals(value, secrets.get("KEY").revealBytes());
  }

  @Test
  void resolve_answerCutOffMidBody_neverInjectsPartOfTheSecret() {
    assumeTransport();
    byte[] value = utf8("a-secret-long-enough-to-be-cut-in-half-0123456789");
    SecretReference reference = fixture.put("cut", value);
    fixture.knobs().truncateNext(1);

    try {
      ResolvedSecrets secrets = resolve(Map.of("KEY", reference.format()), SecretDeclaration.required("KEY"));
      assertArrayEquals(value, secrets.get("KEY").revealBytes(), "a cut answer is retried or fails, never used");
    } catch (SecretResolutionException e) {
      assertEquals(1, e.failures().size());
    }
  }

  @Test
  void resolve_serviceSlowerThanTheDeadline_failsAtTheDeadline() {
    assumeTransport();
    SecretReference reference = fixture.put("slow", utf8("value"));
    fixture.knobs().latency(Duration.ofSeconds(3));
    ResolverSettings tight = ResolverSettings.builder().deadline(Duration.ofMillis(700)).build();
    long start = System.nanoTime();

    SecretResolutionException e = assertThrows(SecretResolutionException.class,
        () -> SecretResolver.create(List.of(fixture.syntax()), List.of(source), tight)
            .resolve(Set.of(SecretDeclaration.required("KEY")), Environment.of(Map.of("KEY", reference.format()))));

    long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertEquals(Step.FETCH, e.failures().get(0).step(), e.getMessage());
    assertTrue(e.failures().get(0).isRetryable(), e.getMessage());
    assertTrue(elapsedMillis < 700 + 1500, "resolve returned " + elapsedMillis + " ms after start");
    fixture.knobs().latency(Duration.ZERO);
  }

  @Test
  void leakAudit_everyFailure_quotesNoSecretAnywhere() {
    try (CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn")) {
      String canary = audit.canary("contract");
      SecretReference json = fixture.put("leak-json", utf8("{\"password\":\"" + canary + "\",\"n\":1}"));
      SecretReference plain = fixture.put("leak-plain", utf8(canary));
      SecretReference denied = fixture.put("leak-denied", utf8(canary));
      fixture.deny(denied);

      Map<String, String> env = new HashMap<>();
      env.put("NO_FIELD", json.withoutField().format() + "#nope");         // field absent
      env.put("NOT_STRING", json.withoutField().format() + "#n");          // field not a string
      env.put("NOT_JSON", plain.withoutField().format() + "#password");    // not JSON (Vault: no such key)
      env.put("DENIED", denied.format());
      env.put("GONE", fixture.absent().format());
      env.put("MISTYPED", canary);                         // a plaintext where a reference belongs
      SecretResolutionException e = assertThrows(SecretResolutionException.class, () -> resolve(env,
          SecretDeclaration.required("NO_FIELD"), SecretDeclaration.required("NOT_STRING"),
          SecretDeclaration.required("NOT_JSON"), SecretDeclaration.required("DENIED"),
          SecretDeclaration.required("GONE"), SecretDeclaration.required("MISTYPED")));

      assertEquals(6, e.failures().size(), e.getMessage());
      audit.assertAbsentFrom(e, e.failures(), fixture.source(), json, plain, denied);
    }
  }

  private void assertRetriedThrough(Runnable fault) {
    assumeTransport();
    byte[] value = utf8("retried-value");
    SecretReference reference = fixture.put("flaky", value);
    fault.run();

    ResolvedSecrets secrets = resolve(Map.of("KEY", reference.format()), SecretDeclaration.required("KEY"));

    assertArrayEquals(value, secrets.get("KEY").revealBytes());
    assertTrue(source.fetches.get() >= 2, "expected a retry, saw " + source.fetches.get() + " attempt(s)");
  }

  /** Skips a transport fault case for a store without a transport (see {@link StoreFixture#hasTransport()}). */
  private void assumeTransport() {
    assumeTrue(fixture.hasTransport(), "the store has no transport to fault (it reads local files)");
  }

  private ResolvedSecrets resolve(Map<String, String> environment, SecretDeclaration... declarations) {
    return SecretResolver.create(List.of(fixture.syntax()), List.of(source), SETTINGS)
        .resolve(List.of(declarations), Environment.of(environment));
  }

  private Failure onlyFailure(Map<String, String> environment, SecretDeclaration declaration) {
    try {
      resolve(environment, declaration);
    } catch (SecretResolutionException e) {
      assertEquals(1, e.failures().size(), e.getMessage());
      return e.failures().get(0);
    }
    return fail("resolution succeeded, expected a failure");
  }

  /** Bytes 0 to 255, which are no valid UTF-8. */
  private static byte[] everyByte() {
    byte[] value = new byte[256];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    return value;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Counts the fetch attempts the resolver makes, so the tests can tell a retry from a first try. */
  private static final class CountingSource implements SecretSource {
    private final SecretSource delegate;
    final AtomicInteger fetches = new AtomicInteger();

    CountingSource(SecretSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public dev.secretfn.ref.Scheme scheme() {
      return delegate.scheme();
    }

    @Override
    public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
      fetches.incrementAndGet();
      return delegate.fetch(fetch);
    }

    /** Passed on, so that a source that batches (SSM) plans its batches as under the real resolver. */
    @Override
    public void expect(List<dev.secretfn.ref.SecretReference> references) {
      delegate.expect(references);
    }

    @Override
    public void resolutionFinished() {
      delegate.resolutionFinished();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}

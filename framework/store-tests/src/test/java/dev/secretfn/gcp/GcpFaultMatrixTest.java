package dev.secretfn.gcp;

import static dev.secretfn.gcp.GcpTestbed.BUCKET;
import static dev.secretfn.gcp.GcpTestbed.KEY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dagger.Component;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 6's fault matrix for the Google Cloud sources: every source (Cloud KMS, Cloud Storage, Berglas with the
 * fault on its Cloud Storage reads or on its Cloud KMS unwrap; Cloud Storage and Berglas also with the object
 * stored gzip-compressed, {@code contentEncoding: gzip}) against every fault the emulators' knobs make, on the
 * real clients; and the gzip-stored objects against damaged content (corrupted gzip, a gzip bomb, an encoding
 * secretfn cannot decode). Each case asserts the outcome, the attempts (from the faulted emulator's request log), and
 * for failures the step, the retryable flag and what the message names (variable, resource, role to grant).
 * The per-source emulator tests keep the source-specific behaviour; this class is the systematic proof (the
 * per-source tests it repeated exactly were removed from them).
 */
class GcpFaultMatrixTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BERGLAS_OBJECT = "app/api-key";
  private static final String GCS_OBJECT = "app/config.json";
  private static final Map<String, String> BERGLAS_METADATA = Map.of("berglas-kms-key", KEY, "berglas-secret", "1");
  private static final Duration LATENCY = Duration.ofMillis(300);
  /** The deadline of the slower-than-deadline case: short, so that the case stays fast. */
  private static final Duration SHORT_DEADLINE = Duration.ofMillis(1500);
  /** How far past the deadline start-up may fail: the resolver's grace for stragglers, plus scheduling. */
  private static final Duration DEADLINE_SLACK = Duration.ofMillis(700);
  /**
   * FAST's retries with a roomy deadline: the first case of a JVM pays for loading the clients (seconds on a
   * busy 2-core machine), which must not read as a fault. Only the deadline case uses a short deadline.
   */
  private static final ResolverSettings SETTINGS = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(10))
      .initialBackoff(SourceTestbed.FAST.initialBackoff())
      .maxBackoff(SourceTestbed.FAST.maxBackoff())
      .build();
  private static final int MAX_ATTEMPTS = SETTINGS.maxAttempts();

  @SecretDeclarations
  interface Secrets {
    @SecretVar("DB_PASS") Optional<Secret> dbPass();

    @SecretVar("CONFIG") Optional<Secret> config();

    @SecretVar("API_KEY") Optional<Secret> apiKey();
  }

  @Singleton
  @Component(modules = {GcpFaultMatrixTest_SecretsModule.class, CloudKmsModule.class, CloudStorageModule.class,
      BerglasModule.class, TestDeployment.class})
  interface Function extends TestComponent {
    @Component.Factory
    interface Factory {
      Function create(TestDeployment deployment);
    }
  }

  /** A source, and which of its services the fault hits. */
  enum Target {
    CLOUD_KMS("DB_PASS", 1, 0),
    CLOUD_STORAGE("CONFIG", 1, 0),
    /** The whole object, stored gzip-compressed ({@code gcloud storage cp --gzip-local-all}). */
    CLOUD_STORAGE_GZIP("CONFIG", 1, 0),
    /** {@code #password} of a JSON object stored gzip-compressed. */
    CLOUD_STORAGE_GZIP_FIELD("CONFIG", 1, 0),
    BERGLAS_ON_STORAGE("API_KEY", 2, 1),
    /** A Berglas object stored gzip-compressed, the fault on its Cloud Storage reads. */
    BERGLAS_GZIP_ON_STORAGE("API_KEY", 2, 1),
    BERGLAS_ON_KMS("API_KEY", 1, 0);

    final String variable;
    /** Requests one clean attempt makes to the faulted service. */
    final int requestsPerAttempt;
    /** Requests of an attempt on the faulted service before the one that carries a checksum. */
    final int requestsBeforeChecksum;

    Target(String variable, int requestsPerAttempt, int requestsBeforeChecksum) {
      this.variable = variable;
      this.requestsPerAttempt = requestsPerAttempt;
      this.requestsBeforeChecksum = requestsBeforeChecksum;
    }

    boolean onKms() {
      return this == CLOUD_KMS || this == BERGLAS_ON_KMS;
    }

    boolean gs() {
      return this == CLOUD_STORAGE || this == CLOUD_STORAGE_GZIP || this == CLOUD_STORAGE_GZIP_FIELD;
    }

    boolean gzip() {
      return this == CLOUD_STORAGE_GZIP || this == CLOUD_STORAGE_GZIP_FIELD || this == BERGLAS_GZIP_ON_STORAGE;
    }

    /** The object or key the failure names. */
    String resource() {
      return onKms() && this != BERGLAS_ON_KMS ? KEY : gs() ? GCS_OBJECT : BERGLAS_OBJECT;
    }
  }

  /** What is wrong with the stored content of a gzip-stored object. */
  enum Damage {
    /** gzip data with a flipped byte inside (the stored CRC32C and MD5 describe the damaged bytes). */
    CORRUPTED_GZIP,
    /** A few kilobytes of gzip that inflate to 16 MiB, far over the default 64 KiB limit. */
    GZIP_BOMB,
    /** Content encoding {@code br}: not decoded by secretfn (nor transcoded by Cloud Storage). */
    OTHER_ENCODING
  }

  static Stream<Arguments> damages() {
    return Stream.of(Target.CLOUD_STORAGE_GZIP, Target.CLOUD_STORAGE_GZIP_FIELD, Target.BERGLAS_GZIP_ON_STORAGE)
        .flatMap(target -> Arrays.stream(Damage.values()).map(damage -> Arguments.of(target, damage)));
  }

  enum Fault {
    LATENCY,
    UNAVAILABLE_BURST,
    THROTTLED_BURST,
    PERMISSION_DENIED,
    NOT_FOUND,
    RESET_BEFORE_ANSWER,
    RESET_MID_RESPONSE,
    SLOWER_THAN_DEADLINE,
    CHECKSUM_ONCE,
    CHECKSUM_ALWAYS
  }

  static Stream<Arguments> matrix() {
    return Arrays.stream(Target.values())
        .flatMap(target -> Arrays.stream(Fault.values()).map(fault -> Arguments.of(target, fault)));
  }

  private GcpTestbed testbed;

  @BeforeEach
  void start() {
    testbed = new GcpTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("matrix")
  void resolve_underFault_behavesAsSpecified(Target target, Fault fault) throws Exception {
    String plaintext = testbed.canary(target.name().toLowerCase());
    Map<String, String> references = Map.of(target.variable, prepare(target, plaintext));
    ResolverSettings settings = fault == Fault.SLOWER_THAN_DEADLINE
        ? ResolverSettings.builder().deadline(SHORT_DEADLINE).initialBackoff(Duration.ofMillis(5))
            .maxBackoff(Duration.ofMillis(20)).build()
        : SETTINGS;
    Function function = testbed.track(DaggerGcpFaultMatrixTest_Function.factory()
        .create(TestDeployment.of(testbed.variables(references), settings)));
    EmulatorKnobs knobs = target.onKms() ? testbed.kms.knobs() : testbed.gcs.knobs();
    String resource = target.onKms() ? KEY : BUCKET + "/" + target.resource();
    apply(fault, knobs, resource);
    Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();

    long start = System.nanoTime();
    ResolvedSecrets secrets = null;
    SecretResolutionException error = null;
    try {
      secrets = function.secrets();
    } catch (SecretResolutionException e) {
      error = e;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    switch (fault) {
      case LATENCY:
        assertResolved(secrets, error, target, plaintext);
        assertThat(took).isGreaterThanOrEqualTo(LATENCY);
        assertThat(requests(target)).hasSize(target.requestsPerAttempt);
        break;
      case UNAVAILABLE_BURST:
      case THROTTLED_BURST:
      case RESET_BEFORE_ANSWER:
        assertResolved(secrets, error, target, plaintext);
        assertThat(requests(target)).hasSize(failedAttempts(fault) + target.requestsPerAttempt);
        break;
      case RESET_MID_RESPONSE:
        assertResolved(secrets, error, target, plaintext);
        assertThat(requests(target)).hasSize(1 + target.requestsPerAttempt);
        break;
      case CHECKSUM_ONCE:
        assertResolved(secrets, error, target, plaintext);
        assertThat(requests(target)).hasSize(
            target.requestsBeforeChecksum + 1 + target.requestsPerAttempt);
        break;
      case PERMISSION_DENIED: {
        Failure failure = assertFailed(error, target, false, target.onKms() ? Step.DECRYPT : Step.FETCH);
        assertThat(failure.cause()).contains(target.onKms() ? "PERMISSION_DENIED" : "HTTP 403");
        assertThat(failure.hint()).get().asString().contains(target.onKms()
            ? List.of("roles/cloudkms.cryptoKeyDecrypter", KEY)
            : List.of("roles/storage.objectViewer", "gs://" + BUCKET));
        assertThat(requests(target)).hasSize(1);
        break;
      }
      case NOT_FOUND: {
        Failure failure = assertFailed(error, target, false, target.onKms() ? Step.DECRYPT : Step.FETCH);
        assertThat(failure.cause()).contains(target.onKms() ? "NOT_FOUND" : "no such object");
        assertThat(failure.hint()).get().asString().containsAnyOf("check the CryptoKey name", "upload the object",
            "create the secret");
        assertThat(requests(target)).hasSize(1);
        break;
      }
      case SLOWER_THAN_DEADLINE: {
        // Whether the resolver's deadline or the client's timeout set from it fires first, it reads the same.
        Failure failure = assertFailed(error, target, true, Step.FETCH);
        assertThat(failure.cause()).contains("did not finish within the " + SHORT_DEADLINE.toMillis()
            + " ms start-up deadline (attempt 1");
        assertThat(failure.hint()).get().asString().contains("raise the deadline in ResolverSettings");
        assertThat(took).isBetween(SHORT_DEADLINE.minusMillis(50), SHORT_DEADLINE.plus(DEADLINE_SLACK));
        assertThat(requests(target)).hasSize(1);
        assertNoThreadLeftBehind(threadsBefore);
        break;
      }
      case CHECKSUM_ALWAYS: {
        Failure failure = assertFailed(error, target, true, Step.VERIFY);
        assertThat(failure.cause()).contains("CRC32C", "corrupted in transit", "after " + MAX_ATTEMPTS + " attempts");
        assertThat(requests(target)).hasSize(MAX_ATTEMPTS * (target.requestsBeforeChecksum + 1));
        break;
      }
      default:
        throw new AssertionError(fault);
    }
    testbed.assertNoCanaryIn(error, secrets, function.sources());
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("damages")
  void resolve_gzipStoredObjectWithDamagedContent_failsAtDecodeWithoutRetry(Target target, Damage damage)
      throws Exception {
    String plaintext = testbed.canary(target.name().toLowerCase() + "-" + damage.name().toLowerCase());
    byte[] content = gzipTargetContent(target, plaintext);
    String reference = target == Target.BERGLAS_GZIP_ON_STORAGE ? "berglas://" + BUCKET + "/" + BERGLAS_OBJECT
        : "gs://" + BUCKET + "/" + GCS_OBJECT + (target == Target.CLOUD_STORAGE_GZIP_FIELD ? "#password" : "");
    Map<String, String> metadata = target.gs() ? Map.of() : BERGLAS_METADATA;
    switch (damage) {
      case CORRUPTED_GZIP:
        byte[] corrupted = CloudStorageEmulator.gzip(content);
        corrupted[corrupted.length / 2] ^= 0x55;
        testbed.gcs.putObject(BUCKET, target.resource(), corrupted, metadata, "gzip");
        break;
      case GZIP_BOMB:
        byte[] bomb = Arrays.copyOf(plaintext.getBytes(UTF_8), 16 * 1024 * 1024);
        testbed.gcs.putObject(BUCKET, target.resource(), CloudStorageEmulator.gzip(bomb), metadata, "gzip");
        break;
      case OTHER_ENCODING:
        testbed.gcs.putObject(BUCKET, target.resource(), content, metadata, "br");
        break;
      default:
        throw new AssertionError(damage);
    }
    Function function = testbed.track(DaggerGcpFaultMatrixTest_Function.factory()
        .create(TestDeployment.of(testbed.variables(Map.of(target.variable, reference)), SETTINGS)));

    SecretResolutionException error = SourceTestbed.startupFails(function::secrets);

    Failure failure = assertFailed(error, target, false, Step.DECODE);
    assertThat(failure.cause()).contains(target.resource());
    switch (damage) {
      case CORRUPTED_GZIP:
        assertThat(failure.cause()).contains("stored with content encoding gzip", "not valid gzip data");
        assertThat(failure.hint()).get().asString().contains("re-upload the object");
        break;
      case GZIP_BOMB:
        assertThat(failure.cause()).contains("decompresses (content encoding gzip) to more than the "
            + GcpSettings.DEFAULT_MAX_OBJECT_BYTES + "-byte limit");
        assertThat(failure.hint()).get().asString().contains("maxObjectBytes");
        break;
      case OTHER_ENCODING:
        assertThat(failure.cause()).contains("content encoding 'br'", "cannot decode");
        assertThat(failure.hint()).get().asString().contains("without a content encoding");
        break;
      default:
        throw new AssertionError(damage);
    }
    // One attempt (a Berglas read: metadata and body), no Cloud KMS call.
    assertThat(testbed.gcs.requests()).hasSize(target.requestsPerAttempt);
    assertThat(testbed.decrypts()).isEmpty();
    testbed.assertNoCanaryIn(error, function.sources());
  }

  private static void apply(Fault fault, EmulatorKnobs knobs, String resource) {
    switch (fault) {
      case LATENCY:
        knobs.latency(LATENCY);
        break;
      case UNAVAILABLE_BURST:
        knobs.failNext(failedAttempts(fault), 503);
        break;
      case THROTTLED_BURST:
        knobs.failNext(failedAttempts(fault), 429);
        break;
      case PERMISSION_DENIED:
        knobs.deny(resource);
        break;
      case NOT_FOUND:
        knobs.failNext(1, 404);
        break;
      case RESET_BEFORE_ANSWER:
        knobs.resetNext(failedAttempts(fault));
        break;
      case RESET_MID_RESPONSE:
        knobs.truncateNext(1);
        break;
      case SLOWER_THAN_DEADLINE:
        knobs.latency(SHORT_DEADLINE.multipliedBy(3));
        break;
      case CHECKSUM_ONCE:
        knobs.corruptNextChecksum(1);
        break;
      case CHECKSUM_ALWAYS:
        knobs.corruptNextChecksum(100);
        break;
      default:
        throw new AssertionError(fault);
    }
  }

  /** Bursts are as long as the resolver can absorb with attempts to spare. */
  private static int failedAttempts(Fault fault) {
    return fault == Fault.RESET_BEFORE_ANSWER ? 2 : MAX_ATTEMPTS - 2;
  }

  /** Stores what {@code target} reads and returns the reference to it. */
  private String prepare(Target target, String plaintext) throws GeneralSecurityException {
    switch (target) {
      case CLOUD_KMS:
        return "gcp-kms://" + KEY + "?ciphertext=" + testbed.encrypt(KEY, plaintext, "");
      case CLOUD_STORAGE:
        testbed.gcs.putObject(BUCKET, GCS_OBJECT, plaintext.getBytes(UTF_8));
        return "gs://" + BUCKET + "/" + GCS_OBJECT;
      case CLOUD_STORAGE_GZIP:
        testbed.gcs.putObject(BUCKET, GCS_OBJECT, CloudStorageEmulator.gzip(gzipTargetContent(target, plaintext)),
            Map.of(), "gzip");
        return "gs://" + BUCKET + "/" + GCS_OBJECT;
      case CLOUD_STORAGE_GZIP_FIELD:
        testbed.gcs.putObject(BUCKET, GCS_OBJECT, CloudStorageEmulator.gzip(gzipTargetContent(target, plaintext)),
            Map.of(), "gzip");
        return "gs://" + BUCKET + "/" + GCS_OBJECT + "#password";
      case BERGLAS_ON_STORAGE:
      case BERGLAS_ON_KMS:
        testbed.gcs.putObject(BUCKET, BERGLAS_OBJECT, berglasBody(plaintext).getBytes(UTF_8), BERGLAS_METADATA);
        return "berglas://" + BUCKET + "/" + BERGLAS_OBJECT;
      case BERGLAS_GZIP_ON_STORAGE:
        testbed.gcs.putObject(BUCKET, BERGLAS_OBJECT,
            CloudStorageEmulator.gzip(gzipTargetContent(target, plaintext)), BERGLAS_METADATA, "gzip");
        return "berglas://" + BUCKET + "/" + BERGLAS_OBJECT;
      default:
        throw new AssertionError(target);
    }
  }

  /** The content a gzip target stores, before compression. */
  private byte[] gzipTargetContent(Target target, String plaintext) throws GeneralSecurityException {
    switch (target) {
      case CLOUD_STORAGE_GZIP:
        return plaintext.getBytes(UTF_8);
      case CLOUD_STORAGE_GZIP_FIELD:
        return ("{\"username\":\"orders\",\"password\":\"" + plaintext + "\"}").getBytes(UTF_8);
      case BERGLAS_GZIP_ON_STORAGE:
        return berglasBody(plaintext).getBytes(UTF_8);
      default:
        throw new AssertionError(target);
    }
  }

  /** The body {@code berglas create} writes (see BerglasSourceEmulatorTest). */
  private String berglasBody(String plaintext) throws GeneralSecurityException {
    byte[] dataKey = new byte[32];
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(dataKey);
    RANDOM.nextBytes(nonce);
    testbed.forbid(dataKey);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
    byte[] sealed = cipher.doFinal(plaintext.getBytes(UTF_8));
    byte[] nonceAndSealed = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, nonceAndSealed, 0, nonce.length);
    System.arraycopy(sealed, 0, nonceAndSealed, nonce.length, sealed.length);
    byte[] wrapped = testbed.kms.encrypt(KEY, dataKey, BERGLAS_OBJECT.getBytes(UTF_8));
    return Base64.getEncoder().encodeToString(wrapped) + ":" + Base64.getEncoder().encodeToString(nonceAndSealed);
  }

  /** The requests the source made to the faulted service. */
  private List<RecordedRequest> requests(Target target) {
    return target.onKms() ? testbed.decrypts() : testbed.gcs.requests();
  }

  private static void assertResolved(
      ResolvedSecrets secrets, SecretResolutionException error, Target target, String plaintext) {
    assertThat(error).as("start-up failure").isNull();
    assertThat(secrets.get(target.variable).revealString()).isEqualTo(plaintext);
  }

  /** The one failure, which must name the variable and the resource, in the failure and in the message. */
  private static Failure assertFailed(
      SecretResolutionException error, Target target, boolean retryable, Step step) {
    assertThat(error).as("start-up failure").isNotNull();
    assertThat(error.failures()).hasSize(1);
    Failure failure = error.failures().get(0);
    String resource = target.resource();
    assertThat(failure.variable()).isEqualTo(target.variable);
    assertThat(failure.step()).isEqualTo(step);
    assertThat(failure.isRetryable()).isEqualTo(retryable);
    assertThat(failure.reference()).isPresent();
    assertThat(error.getMessage()).contains(target.variable, resource, failure.step().toString());
    return failure;
  }

  /** No resolver thread of this start-up, and no new non-daemon thread, outlives it. */
  private static void assertNoThreadLeftBehind(Set<Thread> before) {
    List<String> left = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.isAlive())
        .filter(t -> t.getName().startsWith("secretfn-") || !t.isDaemon())
        .map(t -> t.getName() + (t.isDaemon() ? "" : " (non-daemon)") + " " + Arrays.toString(t.getStackTrace()))
        .collect(Collectors.toList());
    assertThat(left).as("threads left behind by a start-up that met its deadline").isEmpty();
  }
}

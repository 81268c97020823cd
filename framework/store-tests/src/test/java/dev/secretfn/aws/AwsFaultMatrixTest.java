package dev.secretfn.aws;

import static dev.secretfn.aws.AwsTestbed.BUCKET;
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
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.RecordedRequest;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 6's fault matrix for the AWS sources: AWS KMS and S3 against every fault the emulators' knobs make, on
 * the real SDK clients. Each case asserts the outcome, the attempts (from the emulator's request log), and for
 * failures the step, the retryable flag and what the message names (variable, resource, permission to grant).
 * AWS KMS answers carry no checksum, so the checksum faults apply to S3 only. The per-source emulator tests keep
 * the source-specific behaviour (the ones this class repeated exactly were removed from them).
 */
class AwsFaultMatrixTest {
  private static final String OBJECT = "app/config.json";
  private static final Duration LATENCY = Duration.ofMillis(300);
  private static final Duration SHORT_DEADLINE = Duration.ofMillis(1500);
  /** How far past the deadline start-up may fail: the resolver's grace for stragglers, plus scheduling. */
  private static final Duration DEADLINE_SLACK = Duration.ofMillis(700);
  /** FAST's retries with a roomy deadline: loading the SDK in the first case must not read as a fault. */
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
  }

  @Singleton
  @Component(modules = {AwsFaultMatrixTest_SecretsModule.class, AwsKmsModule.class, S3Module.class,
      TestDeployment.class})
  interface Function extends TestComponent {
    @Component.Factory
    interface Factory {
      Function create(TestDeployment deployment);
    }
  }

  enum Target {
    AWS_KMS("DB_PASS"),
    S3("CONFIG");

    final String variable;

    Target(String variable) {
      this.variable = variable;
    }
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
    return Arrays.stream(Target.values()).flatMap(target -> Arrays.stream(Fault.values())
        .filter(fault -> target == Target.S3 || !fault.name().startsWith("CHECKSUM"))
        .map(fault -> Arguments.of(target, fault)));
  }

  private AwsTestbed testbed;

  @BeforeEach
  void start() {
    testbed = new AwsTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("matrix")
  void resolve_underFault_behavesAsSpecified(Target target, Fault fault) throws Exception {
    String plaintext = testbed.canary(target.name().toLowerCase());
    String reference = target == Target.AWS_KMS
        ? "aws-kms://" + testbed.key + "?ciphertext=" + testbed.encryptForFunction(testbed.key, plaintext)
        : "s3://" + BUCKET + "/" + OBJECT;
    if (target == Target.S3) {
      testbed.s3.putObject(BUCKET, OBJECT, plaintext.getBytes(UTF_8));
    }
    ResolverSettings settings = fault == Fault.SLOWER_THAN_DEADLINE
        ? ResolverSettings.builder().deadline(SHORT_DEADLINE).initialBackoff(Duration.ofMillis(5))
            .maxBackoff(Duration.ofMillis(20)).build()
        : SETTINGS;
    Function function = testbed.track(DaggerAwsFaultMatrixTest_Function.factory().create(TestDeployment.of(
        testbed.variables(Map.of(target.variable, reference)), settings)));
    EmulatorKnobs knobs = target == Target.AWS_KMS ? testbed.kms.knobs() : testbed.s3.knobs();
    String resource = target == Target.AWS_KMS ? testbed.key : BUCKET + "/" + OBJECT;
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
        assertThat(requests(target)).hasSize(1);
        break;
      case UNAVAILABLE_BURST:
      case THROTTLED_BURST:
        assertResolved(secrets, error, target, plaintext);
        assertThat(requests(target)).hasSize(burst() + 1);
        break;
      case RESET_BEFORE_ANSWER:
      case RESET_MID_RESPONSE:
      case CHECKSUM_ONCE:
        assertResolved(secrets, error, target, plaintext);
        assertThat(requests(target)).hasSize(2);
        break;
      case PERMISSION_DENIED: {
        Failure failure = assertFailed(error, target, resource, false, stepOf(target));
        assertThat(failure.cause()).contains(target == Target.AWS_KMS ? "AccessDeniedException" : "403 AccessDenied");
        assertThat(failure.hint()).get().asString()
            .contains(target == Target.AWS_KMS ? "kms:Decrypt" : "s3:GetObject", "function's role")
            .contains(target == Target.AWS_KMS ? "kms:EncryptionContext:LambdaFunctionName" : "s3:GetObjectVersion");
        assertThat(requests(target)).hasSize(1);
        break;
      }
      case NOT_FOUND: {
        Failure failure = assertFailed(error, target, resource, false, stepOf(target));
        assertThat(failure.cause()).contains(target == Target.AWS_KMS ? "NotFoundException" : "404 NoSuchKey");
        assertThat(failure.hint()).get().asString()
            .containsAnyOf("check that the key exists", "upload the object");
        assertThat(requests(target)).hasSize(1);
        break;
      }
      case SLOWER_THAN_DEADLINE: {
        // Whether the resolver's deadline or the client's timeout set from it fires first, it reads the same.
        Failure failure = assertFailed(error, target, resource, true, Step.FETCH);
        assertThat(failure.cause()).contains("did not finish within the " + SHORT_DEADLINE.toMillis()
            + " ms start-up deadline (attempt 1");
        assertThat(failure.hint()).get().asString().contains("raise the deadline in ResolverSettings");
        assertThat(took).isBetween(SHORT_DEADLINE.minusMillis(50), SHORT_DEADLINE.plus(DEADLINE_SLACK));
        assertThat(requests(target)).hasSize(1);
        assertNoThreadLeftBehind(threadsBefore);
        break;
      }
      case CHECKSUM_ALWAYS: {
        Failure failure = assertFailed(error, target, resource, true, Step.VERIFY);
        assertThat(failure.cause()).contains("integrity check", "after " + MAX_ATTEMPTS + " attempts");
        assertThat(requests(target)).hasSize(MAX_ATTEMPTS);
        break;
      }
      default:
        throw new AssertionError(fault);
    }
    testbed.assertNoCanaryIn(error, secrets, function.sources());
  }

  private static void apply(Fault fault, EmulatorKnobs knobs, String resource) {
    switch (fault) {
      case LATENCY:
        knobs.latency(LATENCY);
        break;
      case UNAVAILABLE_BURST:
        knobs.failNext(burst(), 503);
        break;
      case THROTTLED_BURST:
        knobs.failNext(burst(), 429); // AWS KMS: 400 ThrottlingException; S3: 503 SlowDown
        break;
      case PERMISSION_DENIED:
        knobs.deny(resource);
        break;
      case NOT_FOUND:
        knobs.failNext(1, 404);
        break;
      case RESET_BEFORE_ANSWER:
        knobs.resetNext(1);
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

  /** Bursts are as long as the resolver can absorb with an attempt to spare. */
  private static int burst() {
    return MAX_ATTEMPTS - 2;
  }

  private static Step stepOf(Target target) {
    return target == Target.AWS_KMS ? Step.DECRYPT : Step.FETCH;
  }

  private List<RecordedRequest> requests(Target target) {
    return target == Target.AWS_KMS ? testbed.decrypts() : testbed.gets();
  }

  private static void assertResolved(
      ResolvedSecrets secrets, SecretResolutionException error, Target target, String plaintext) {
    assertThat(error).as("start-up failure").isNull();
    assertThat(secrets.get(target.variable).revealString()).isEqualTo(plaintext);
  }

  /** The one failure, which must name the variable and the resource, in the failure and in the message. */
  private static Failure assertFailed(SecretResolutionException error, Target target, String resource,
      boolean retryable, Step step) {
    assertThat(error).as("start-up failure").isNotNull();
    assertThat(error.failures()).hasSize(1);
    Failure failure = error.failures().get(0);
    assertThat(failure.variable()).isEqualTo(target.variable);
    assertThat(failure.step()).isEqualTo(step);
    assertThat(failure.isRetryable()).isEqualTo(retryable);
    assertThat(failure.reference()).isPresent();
    assertThat(error.getMessage()).contains(target.variable, failure.step().toString(),
        target == Target.AWS_KMS ? "aws-kms://" : resource);
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

package dev.secretfn.aws;

import static dev.secretfn.aws.AwsTestbed.BUCKET;
import static dev.secretfn.aws.AwsTestbed.FUNCTION_NAME;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dagger.Component;
import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ResolverSettings;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolver;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.Fetch;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.CanaryAudit;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Leak audit of the AWS sources: every failure scenario runs on the real SDK clients against the emulators
 * with a unique canary plaintext planted in the emulator, and the canary (raw, base64 or hex) must appear
 * nowhere: not in the exception's message, its full chain and stack trace, the failures' {@code toString()},
 * the {@code toString()} of references, fetches, settings, sources and resolved secrets, the log (every level
 * of {@code dev.secretfn}, default levels elsewhere), standard output and error, or any file created under the
 * temp and working directories while the class runs.
 */
class AwsLeakAuditTest {
  private static final String VAR = "SECRET";
  private static final String KEY_NAME = "app/secret.json";
  /** Fast retries, but a deadline that a cold client on a busy 2-core machine cannot miss. */
  private static final ResolverSettings PATIENT = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(20)).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build();
  /** Short enough that the deadline scenarios cost well under a second each. */
  private static final ResolverSettings SHORT = ResolverSettings.builder()
      .deadline(Duration.ofMillis(400)).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build();

  private static CanaryAudit audit;

  @SecretDeclarations
  interface Declared {
    @SecretVar("UNUSED") Optional<Secret> unused();
  }

  @Singleton
  @Component(modules = {AwsLeakAuditTest_DeclaredModule.class, AwsKmsModule.class, S3Module.class,
      TestDeployment.class})
  interface AllSources extends TestComponent {
    @Component.Factory
    interface Factory {
      AllSources create(TestDeployment deployment);
    }
  }

  /** What one scenario deploys: the variable's value, its declaration and the settings. */
  record Case(String value, SecretDeclaration declaration, AwsSettings awsSettings, ResolverSettings resolver) {
    static Case of(String value) {
      return new Case(value, SecretDeclaration.required(VAR), AwsSettings.defaults(), PATIENT);
    }

    Case with(SecretDeclaration d) {
      return new Case(value, d, awsSettings, resolver);
    }

    Case with(AwsSettings s) {
      return new Case(value, declaration, s, resolver);
    }

    Case with(ResolverSettings r) {
      return new Case(value, declaration, awsSettings, r);
    }
  }

  record Scenario(Set<Step> steps, Function<AwsLeakAuditTest, Case> setup) {}

  private AwsTestbed testbed;

  @BeforeAll
  static void begin() {
    audit = CanaryAudit.start()
        .captureAllLevels("dev.secretfn")
        .captureStandardStreams()
        .watchFiles(Path.of(System.getProperty("java.io.tmpdir")), Path.of(System.getProperty("user.dir")));
  }

  @AfterAll
  static void end() {
    audit.close();
  }

  @BeforeEach
  void start() {
    testbed = new AwsTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
    audit.assertAbsentFrom(testbed.kms.requests(), testbed.s3.requests());
  }

  static Stream<Named<Scenario>> failures() {
    return Stream.of(
        // AWS KMS
        scenario("KMS access denied", Step.DECRYPT, t -> {
          t.testbed.kms.knobs().deny(t.testbed.key);
          return Case.of(t.kmsReference(t.canary("kms-denied")));
        }),
        scenario("KMS key not found", Step.DECRYPT, t -> Case.of("aws-kms://"
            + "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000?ciphertext="
            + t.testbed.encryptForFunction(t.testbed.key, t.canary("kms-missing")))),
        scenario("KMS ciphertext of another key", Step.DECRYPT, t -> Case.of("aws-kms://" + t.testbed.otherKey
            + "?ciphertext=" + t.testbed.encryptForFunction(t.testbed.key, t.canary("kms-otherkey")))),
        scenario("KMS tampered ciphertext", Step.DECRYPT, t -> {
          byte[] blob = Base64.getDecoder().decode(t.testbed.encryptForFunction(t.testbed.key,
              t.canary("kms-tampered")));
          blob[blob.length - 5] ^= 0x10;
          return Case.of("aws-kms://?ciphertext=" + Base64.getEncoder().encodeToString(blob));
        }),
        scenario("KMS truncated ciphertext", Step.DECRYPT, t -> {
          byte[] blob = Base64.getDecoder().decode(t.testbed.encryptForFunction(t.testbed.key,
              t.canary("kms-truncated")));
          return Case.of("aws-kms://?ciphertext=" + Base64.getEncoder().encodeToString(
              Arrays.copyOf(blob, blob.length - 9)));
        }),
        scenario("KMS wrong encryption context", Step.DECRYPT, t -> Case.of(t.kmsReference(t.canary("kms-context")))
            .with(AwsSettings.builder().encryptionContext(EncryptionContext.lambdaFunctionName("another")).build())),
        deadline("KMS deadline", t -> {
          t.testbed.kms.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.kmsReference(t.canary("kms-deadline"))).with(SHORT);
        }),
        scenario("plaintext in a variable declared encrypted", Step.PARSE_REFERENCE, t -> Case.of(
            t.canary("plain-in-env")).with(SecretDeclaration.required(VAR).encryptedWith(Kms.AWS))),
        scenario("URL-safe base64 in a variable declared encrypted", Step.PARSE_REFERENCE, t -> Case.of(
            Base64.getUrlEncoder().encodeToString(t.canary("plain-b64").getBytes(UTF_8)) + "-_")
            .with(SecretDeclaration.required(VAR).encryptedWith(Kms.AWS))),
        // S3
        scenario("S3 access denied", Step.FETCH, t -> {
          t.put(t.canary("s3-denied"));
          t.testbed.s3.knobs().deny(BUCKET + "/" + KEY_NAME);
          return Case.of(t.s3Reference(""));
        }),
        scenario("S3 key not found", Step.FETCH, t -> {
          t.testbed.s3.putObject(BUCKET, "app/other.json", t.canary("s3-other").getBytes(UTF_8));
          return Case.of(t.s3Reference(""));
        }),
        scenario("S3 checksum mismatch", Step.VERIFY, t -> {
          t.put(t.canary("s3-md5"));
          t.testbed.s3.knobs().corruptNextChecksum(1000);
          return Case.of(t.s3Reference(""));
        }),
        scenario("S3 oversized object", Step.DECODE, t -> {
          t.put(t.canary("s3-big").repeat(5000));
          return Case.of(t.s3Reference(""));
        }),
        scenario("S3 non-UTF-8 object injected as text", Step.DECODE, t -> {
          t.putBytes(concat(t.canary("s3-binary").getBytes(UTF_8), new byte[] {(byte) 0xc0, (byte) 0x80}));
          return Case.of(t.s3Reference("")).with(SecretDeclaration.required(VAR).text());
        }),
        scenario("S3 bad JSON", Step.SELECT_FIELD, t -> {
          t.put("{\"password\":\"" + t.canary("s3-badjson") + "\",}");
          return Case.of(t.s3Reference("#password"));
        }),
        scenario("S3 missing field", Step.SELECT_FIELD, t -> {
          t.put("{\"username\":\"" + t.canary("s3-nofield") + "\"}");
          return Case.of(t.s3Reference("#password"));
        }),
        scenario("S3 field not a string", Step.SELECT_FIELD, t -> {
          t.put("{\"password\":[\"" + t.canary("s3-array") + "\"]}");
          return Case.of(t.s3Reference("#password"));
        }),
        scenario("S3 duplicate field", Step.SELECT_FIELD, t -> {
          String canary = t.canary("s3-dup");
          t.put("{\"password\":\"" + canary + "\",\"password\":\"" + canary + "\"}");
          return Case.of(t.s3Reference("#password"));
        }),
        scenario("S3 non-UTF-8 JSON", Step.SELECT_FIELD, t -> {
          t.putBytes(concat(("{\"password\":\"" + t.canary("s3-json-binary")).getBytes(UTF_8),
              new byte[] {(byte) 0xff, '"', '}'}));
          return Case.of(t.s3Reference("#password"));
        }),
        deadline("S3 deadline", t -> {
          t.put(t.canary("s3-deadline"));
          t.testbed.s3.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.s3Reference("")).with(SHORT);
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void resolve_failureWithCanaryPlanted_canaryIsNowhere(Scenario scenario) {
    Case deployment = scenario.setup().apply(this);
    Map<String, String> variables = new LinkedHashMap<>(Map.of(VAR, deployment.value()));
    AllSources component = component(variables, deployment);
    SecretResolver resolver = SecretResolver.create(component.syntaxes(), component.sources(), deployment.resolver());

    SecretResolutionException e = SourceTestbed.startupFails(() ->
        resolver.resolve(List.of(deployment.declaration()), Environment.of(testbed.variables(variables))));

    assertThat(SourceTestbed.onlyFailure(e).step()).as(e.getMessage()).isIn(scenario.steps());
    List<Object> seen = new ArrayList<>(List.of(e, e.getMessage(), e.failures(), component.secrets(),
        component.sources(), deployment.awsSettings(), deployment.awsSettings().encryptionContext(),
        deployment.resolver(), deployment.declaration(), Environment.of(variables)));
    seen.addAll(referenceViews(deployment));
    audit.assertAbsentFrom(seen.toArray());
  }

  @Test
  void resolve_bothSourcesSucceed_canaryIsOnlyInTheRevealedValue() {
    String kms = canary("kms-ok");
    String field = canary("s3-ok");
    put("{\"password\":\"" + field + "\"}");
    Map<String, String> variables = Map.of("KMS", testbed.encryptForFunction(testbed.key, kms),
        "FIELD", s3Reference("#password"));
    AllSources component = component(variables, Case.of(""));
    SecretResolver resolver = SecretResolver.create(component.syntaxes(), component.sources(), PATIENT);

    ResolvedSecrets secrets = resolver.resolve(List.of(SecretDeclaration.required("KMS").encryptedWith(Kms.AWS),
        SecretDeclaration.required("FIELD").text()), Environment.of(testbed.variables(variables)));

    assertThat(secrets.get("KMS").revealString()).isEqualTo(kms);
    assertThat(secrets.get("FIELD").revealString()).isEqualTo(field);
    List<Object> seen = new ArrayList<>(List.of(secrets, secrets.get("KMS"), secrets.get("FIELD"),
        secrets.find("FIELD"), component.sources(), component.secrets(), AwsSettings.defaults()));
    seen.addAll(referenceViews(Case.of(variables.get("KMS")).with(SecretDeclaration.required(VAR)
        .encryptedWith(Kms.AWS))));
    seen.addAll(referenceViews(Case.of(variables.get("FIELD"))));
    audit.assertAbsentFrom(seen.toArray());
    secrets.wipeAll();
    audit.assertAbsentFrom(secrets.get("KMS"));
  }

  private static List<Object> referenceViews(Case deployment) {
    try {
      SecretReference reference = deployment.declaration().bareCiphertext().isPresent()
          ? AwsReferencesTest.PARSER.parseCiphertext(VAR, deployment.value(),
              deployment.declaration().bareCiphertext().get(), Environment.of(Map.of()))
          : AwsReferencesTest.PARSER.parse(VAR, deployment.value());
      return List.of(reference, reference.describe(),
          Fetch.of(reference.withoutField(), List.of(VAR), Duration.ofSeconds(1), 1));
    } catch (ReferenceException e) {
      return List.of(e);
    }
  }

  private AllSources component(Map<String, String> variables, Case deployment) {
    return testbed.track(DaggerAwsLeakAuditTest_AllSources.factory().create(TestDeployment.of(
        testbed.variables(variables), deployment.resolver()).with(deployment.awsSettings())));
  }

  private static Named<Scenario> scenario(String name, Step step, Function<AwsLeakAuditTest, Case> setup) {
    return Named.of(name, new Scenario(EnumSet.of(step), setup));
  }

  /** A deadline shows as the resolver's FETCH deadline or as the client's own timeout, whichever fires first. */
  private static Named<Scenario> deadline(String name, Function<AwsLeakAuditTest, Case> setup) {
    return Named.of(name, new Scenario(EnumSet.of(Step.FETCH, Step.DECRYPT), setup));
  }

  private String canary(String what) {
    return audit.canary(what);
  }

  /** The console's form: a bare blob encrypted with {@code {"LambdaFunctionName": FUNCTION_NAME}}. */
  private String kmsReference(String plaintext) {
    return "aws-kms://?ciphertext=" + testbed.encrypt(testbed.key, plaintext,
        Map.of(EncryptionContext.LAMBDA_FUNCTION_NAME, FUNCTION_NAME));
  }

  private String s3Reference(String fragment) {
    return "s3://" + BUCKET + "/" + KEY_NAME + fragment;
  }

  private void put(String content) {
    putBytes(content.getBytes(UTF_8));
  }

  private void putBytes(byte[] content) {
    testbed.s3.putObject(BUCKET, KEY_NAME, content);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

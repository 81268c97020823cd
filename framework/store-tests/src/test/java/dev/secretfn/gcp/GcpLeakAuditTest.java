package dev.secretfn.gcp;

import static dev.secretfn.gcp.GcpTestbed.BUCKET;
import static dev.secretfn.gcp.GcpTestbed.KEY;
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
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.Fetch;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestComponent;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
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
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Leak audit of the Google Cloud sources: every failure scenario runs on the real clients against the
 * emulators with a unique canary plaintext planted in the emulator, and the canary (raw, base64 or hex) must
 * appear nowhere: not in the exception's message, its full chain and stack trace, the failures' {@code
 * toString()}, the {@code toString()} of references, fetches, settings, sources and resolved secrets, the log
 * (every level of {@code dev.secretfn}, default levels elsewhere), standard output and error, or any file
 * created under the temp and working directories while the class runs.
 */
class GcpLeakAuditTest {
  private static final String VAR = "SECRET";
  private static final String OBJECT = "app/secret.json";
  private static final String MISSING_KEY =
      "projects/secretfn-it/locations/global/keyRings/functions/cryptoKeys/missing";
  private static final Map<String, String> BERGLAS_METADATA = Map.of("berglas-kms-key", KEY, "berglas-secret", "1");
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Fast retries, but a deadline that a cold client on a busy 2-core machine cannot miss. */
  private static final ResolverSettings PATIENT = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(20)).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build();
  /** Short enough that the deadline scenario costs well under a second. */
  private static final ResolverSettings SHORT = ResolverSettings.builder()
      .deadline(Duration.ofMillis(400)).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(20)).build();

  /** One audit for the whole class: logs, standard streams and files are checked once more in {@link #end()}. */
  private static CanaryAudit audit;

  @SecretDeclarations
  interface Declared {
    @SecretVar("UNUSED") Optional<Secret> unused();
  }

  /** Every Google Cloud source bound, as a function that uses all three would bind them. */
  @Singleton
  @Component(modules = {GcpLeakAuditTest_DeclaredModule.class, CloudKmsModule.class, CloudStorageModule.class,
      BerglasModule.class, TestDeployment.class})
  interface AllSources extends TestComponent {
    @Component.Factory
    interface Factory {
      AllSources create(TestDeployment deployment);
    }
  }

  /** What one scenario deploys: the variable's value, its declaration and the settings. */
  record Case(String value, SecretDeclaration declaration, GcpSettings gcpSettings, ResolverSettings resolver,
      Map<String, String> extraVariables) {
    static Case of(String value) {
      return new Case(value, SecretDeclaration.required(VAR), GcpSettings.defaults(), PATIENT, Map.of());
    }

    Case with(SecretDeclaration d) {
      return new Case(value, d, gcpSettings, resolver, extraVariables);
    }

    Case with(GcpSettings s) {
      return new Case(value, declaration, s, resolver, extraVariables);
    }

    Case with(ResolverSettings r) {
      return new Case(value, declaration, gcpSettings, r, extraVariables);
    }

    Case with(Map<String, String> extra) {
      return new Case(value, declaration, gcpSettings, resolver, extra);
    }
  }

  /** A failure scenario: plants its canary in the emulators and returns the deployment, expecting {@code step}. */
  record Scenario(Set<Step> steps, Function<GcpLeakAuditTest, Case> setup) {}

  private GcpTestbed testbed;

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
    testbed = new GcpTestbed();
  }

  @AfterEach
  void stop() {
    testbed.close();
    audit.assertAbsentFrom(testbed.kms.requests(), testbed.gcs.requests());
  }

  static Stream<Named<Scenario>> failures() {
    return Stream.of(
        // Cloud KMS
        scenario("KMS permission denied", Step.DECRYPT, t -> {
          t.testbed.kms.knobs().deny(KEY);
          return Case.of(t.kmsReference(KEY, t.canary("kms-denied"), ""));
        }),
        scenario("KMS key not found", Step.DECRYPT, t -> Case.of(
            "gcp-kms://" + MISSING_KEY + "?ciphertext=" + t.testbed.encrypt(KEY, t.canary("kms-missing"), ""))),
        scenario("KMS tampered ciphertext", Step.DECRYPT, t -> {
          byte[] ciphertext = t.testbed.kms.encrypt(KEY, t.canary("kms-tampered").getBytes(UTF_8), new byte[0]);
          ciphertext[ciphertext.length / 2] ^= 0x01;
          return Case.of("gcp-kms://" + KEY + "?ciphertext=" + Base64.getEncoder().encodeToString(ciphertext));
        }),
        scenario("KMS truncated ciphertext", Step.DECRYPT, t -> {
          byte[] ciphertext = t.testbed.kms.encrypt(KEY, t.canary("kms-truncated").getBytes(UTF_8), new byte[0]);
          return Case.of("gcp-kms://" + KEY + "?ciphertext="
              + Base64.getEncoder().encodeToString(Arrays.copyOf(ciphertext, ciphertext.length - 7)));
        }),
        scenario("KMS wrong additional authenticated data", Step.DECRYPT, t -> Case.of(
            t.kmsReference(KEY, t.canary("kms-aad"), "ANOTHER_VARIABLE"))
            .with(GcpSettings.builder().bindCiphertextsToVariables(true).build())),
        scenario("KMS plaintext checksum mismatch", Step.VERIFY, t -> {
          t.testbed.kms.knobs().corruptNextChecksum(1000);
          return Case.of(t.kmsReference(KEY, t.canary("kms-crc"), ""));
        }),
        deadline("KMS deadline", t -> {
          t.testbed.kms.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.kmsReference(KEY, t.canary("kms-deadline"), "")).with(SHORT);
        }),
        scenario("plaintext in a variable declared encrypted", Step.PARSE_REFERENCE, t -> Case.of(
            t.canary("plain-in-env")).with(SecretDeclaration.required(VAR).encryptedWith(Kms.GCP))
            .with(Map.of("KMS_CRYPTO_KEY_ID", KEY))),
        scenario("plaintext in a reference variable", Step.PARSE_REFERENCE, t -> Case.of(
            "postgres://app:" + t.canary("plain-url") + "@db/orders")),
        // Cloud Storage
        scenario("GCS permission denied", Step.FETCH, t -> {
          t.put(t.canary("gcs-denied"));
          t.testbed.gcs.knobs().deny(BUCKET + "/" + OBJECT);
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS object not found", Step.FETCH, t -> {
          t.testbed.gcs.putObject(BUCKET, "app/other.json", t.canary("gcs-other").getBytes(UTF_8));
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS oversized object", Step.DECODE, t -> {
          t.put(t.canary("gcs-big").repeat(4000));
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS non-UTF-8 object injected as text", Step.DECODE, t -> {
          t.putBytes(concat(t.canary("gcs-binary").getBytes(UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe}));
          return Case.of(t.gsReference("")).with(SecretDeclaration.required(VAR).text());
        }),
        scenario("GCS bad JSON", Step.SELECT_FIELD, t -> {
          t.put("{\"password\":\"" + t.canary("gcs-badjson") + "\" \"user\":1}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS missing field", Step.SELECT_FIELD, t -> {
          t.put("{\"username\":\"" + t.canary("gcs-nofield") + "\"}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS field not a string", Step.SELECT_FIELD, t -> {
          t.put("{\"password\":{\"value\":\"" + t.canary("gcs-nested") + "\"}}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS duplicate field", Step.SELECT_FIELD, t -> {
          String canary = t.canary("gcs-dup");
          t.put("{\"password\":\"" + canary + "\",\"password\":\"" + canary + "\"}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS non-UTF-8 JSON", Step.SELECT_FIELD, t -> {
          t.putBytes(concat(("{\"password\":\"" + t.canary("gcs-json-binary")).getBytes(UTF_8),
              new byte[] {(byte) 0xc3, '"', '}'}));
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS checksum mismatch", Step.VERIFY, t -> {
          t.put("{\"password\":\"" + t.canary("gcs-crc") + "\"}");
          t.testbed.gcs.knobs().corruptNextChecksum(1000);
          return Case.of(t.gsReference("#password"));
        }),
        // Cloud Storage, objects stored gzip-compressed (contentEncoding: gzip)
        scenario("GCS gzip corrupted", Step.DECODE, t -> {
          t.putGzipBytes(corrupt(CloudStorageEmulator.gzip(t.canary("gcs-gz-corrupt").getBytes(UTF_8))));
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS gzip corrupted, field", Step.DECODE, t -> {
          t.putGzipBytes(corrupt(CloudStorageEmulator.gzip(
              ("{\"password\":\"" + t.canary("gcs-gz-corrupt-field") + "\"}").getBytes(UTF_8))));
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS gzip bomb", Step.DECODE, t -> {
          t.putGzipBytes(CloudStorageEmulator.gzip(
              Arrays.copyOf(t.canary("gcs-gz-bomb").getBytes(UTF_8), 16 * 1024 * 1024)));
          return Case.of(t.gsReference(""));
        }),
        scenario("GCS gzip bomb, field", Step.DECODE, t -> {
          t.putGzipBytes(CloudStorageEmulator.gzip(("{\"password\":\"" + t.canary("gcs-gz-bomb-field") + "\","
              + "\"padding\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes(UTF_8)));
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS other content encoding", Step.DECODE, t -> {
          t.testbed.gcs.putObject(BUCKET, OBJECT, ("{\"password\":\"" + t.canary("gcs-br") + "\"}").getBytes(UTF_8),
              Map.of(), "br");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS gzip checksum mismatch", Step.VERIFY, t -> {
          t.putGzip("{\"password\":\"" + t.canary("gcs-gz-crc") + "\"}");
          t.testbed.gcs.knobs().corruptNextChecksum(1000);
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS gzip missing field", Step.SELECT_FIELD, t -> {
          t.putGzip("{\"username\":\"" + t.canary("gcs-gz-nofield") + "\"}");
          return Case.of(t.gsReference("#password"));
        }),
        scenario("GCS gzip non-UTF-8 object injected as text", Step.DECODE, t -> {
          t.putGzipBytes(CloudStorageEmulator.gzip(
              concat(t.canary("gcs-gz-binary").getBytes(UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe})));
          return Case.of(t.gsReference("")).with(SecretDeclaration.required(VAR).text());
        }),
        deadline("GCS deadline", t -> {
          t.put(t.canary("gcs-deadline"));
          t.testbed.gcs.knobs().latency(Duration.ofSeconds(2));
          return Case.of(t.gsReference("")).with(SHORT);
        }),
        // Berglas
        scenario("Berglas tampered body", Step.DECRYPT, t -> {
          String body = t.berglasBody(OBJECT, t.canary("berglas-tampered"));
          int colon = body.indexOf(':');
          byte[] sealed = Base64.getDecoder().decode(body.substring(colon + 1));
          sealed[sealed.length - 3] ^= 0x40;
          t.putBerglas(body.substring(0, colon + 1) + Base64.getEncoder().encodeToString(sealed));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas data key wrapped for another object", Step.DECRYPT, t -> {
          t.putBerglas(t.berglasBody("app/another", t.canary("berglas-aad")));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas truncated body", Step.DECODE, t -> {
          String body = t.berglasBody(OBJECT, t.canary("berglas-truncated"));
          t.putBerglas(body.substring(0, body.indexOf(':') + 1 + 36));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas bad base64", Step.DECODE, t -> {
          String body = t.berglasBody(OBJECT, t.canary("berglas-b64"));
          t.putBerglas(body.substring(0, body.length() - 6) + "*" + body.substring(body.length() - 5));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas key permission denied", Step.DECRYPT, t -> {
          t.putBerglas(t.berglasBody(OBJECT, t.canary("berglas-denied")));
          t.testbed.kms.knobs().deny(KEY);
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas oversized object", Step.DECODE, t -> {
          t.putBerglas(t.berglasBody(OBJECT, t.canary("berglas-big").repeat(3000)));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas data key checksum mismatch", Step.VERIFY, t -> {
          t.putBerglas(t.berglasBody(OBJECT, t.canary("berglas-crc")));
          t.testbed.kms.knobs().corruptNextChecksum(1000);
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas non-UTF-8 secret injected as text", Step.DECODE, t -> {
          t.putBerglas(t.berglasBody(OBJECT,
              concat(t.canary("berglas-binary").getBytes(UTF_8), new byte[] {(byte) 0xed, (byte) 0xb0, (byte) 0x80})));
          return Case.of(t.berglasReference()).with(SecretDeclaration.required(VAR).text());
        }),
        scenario("Berglas gzip corrupted", Step.DECODE, t -> {
          t.putBerglasGzip(corrupt(CloudStorageEmulator.gzip(
              t.berglasBody(OBJECT, t.canary("berglas-gz-corrupt")).getBytes(UTF_8))));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas gzip bomb", Step.DECODE, t -> {
          byte[] body = t.berglasBody(OBJECT, t.canary("berglas-gz-bomb")).getBytes(UTF_8);
          t.putBerglasGzip(CloudStorageEmulator.gzip(Arrays.copyOf(body, 16 * 1024 * 1024)));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas gzip tampered body", Step.DECRYPT, t -> {
          String body = t.berglasBody(OBJECT, t.canary("berglas-gz-tampered"));
          int colon = body.indexOf(':');
          byte[] sealed = Base64.getDecoder().decode(body.substring(colon + 1));
          sealed[sealed.length - 3] ^= 0x40;
          t.putBerglasGzip(CloudStorageEmulator.gzip(
              (body.substring(0, colon + 1) + Base64.getEncoder().encodeToString(sealed)).getBytes(UTF_8)));
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas other content encoding", Step.DECODE, t -> {
          t.testbed.gcs.putObject(BUCKET, OBJECT, t.berglasBody(OBJECT, t.canary("berglas-br")).getBytes(UTF_8),
              BERGLAS_METADATA, "br");
          return Case.of(t.berglasReference());
        }),
        scenario("Berglas object without Berglas metadata", Step.DECODE, t -> {
          t.testbed.gcs.putObject(BUCKET, OBJECT, t.berglasBody(OBJECT, t.canary("berglas-meta")).getBytes(UTF_8));
          return Case.of(t.berglasReference());
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void resolve_failureWithCanaryPlanted_canaryIsNowhere(Scenario scenario) {
    Case deployment = scenario.setup().apply(this);
    Map<String, String> variables = new LinkedHashMap<>(deployment.extraVariables());
    variables.put(VAR, deployment.value());
    AllSources component = component(variables, deployment);
    SecretResolver resolver = SecretResolver.create(component.syntaxes(), component.sources(), deployment.resolver());

    SecretResolutionException e = SourceTestbed.startupFails(() ->
        resolver.resolve(List.of(deployment.declaration()), Environment.of(testbed.variables(variables))));

    assertThat(SourceTestbed.onlyFailure(e).step()).as(e.getMessage()).isIn(scenario.steps());
    List<Object> seen = new ArrayList<>(List.of(e, e.getMessage(), e.failures(), component.secrets(),
        component.sources(), deployment.gcpSettings(), deployment.resolver(), deployment.declaration(),
        Environment.of(variables)));
    seen.addAll(referenceViews(deployment));
    audit.assertAbsentFrom(seen.toArray());
  }

  @Test
  void resolve_everySourceSucceeds_canaryIsOnlyInTheRevealedValue() throws Exception {
    String kms = canary("kms-ok");
    String field = canary("gcs-ok");
    String berglas = canary("berglas-ok");
    put("{\"password\":\"" + field + "\"}");
    testbed.gcs.putObject(BUCKET, "berglas/ok", berglasBody("berglas/ok", berglas).getBytes(UTF_8),
        BERGLAS_METADATA);
    Map<String, String> variables = Map.of(
        "KMS", kmsReference(KEY, kms, ""),
        "FIELD", gsReference("#password"),
        "BERGLAS", "berglas://" + BUCKET + "/berglas/ok");
    AllSources component = component(variables, Case.of(""));
    SecretResolver resolver = SecretResolver.create(component.syntaxes(), component.sources(), PATIENT);

    ResolvedSecrets secrets = resolver.resolve(List.of(SecretDeclaration.required("KMS"),
        SecretDeclaration.required("FIELD").text(), SecretDeclaration.required("BERGLAS")),
        Environment.of(testbed.variables(variables)));

    assertThat(secrets.get("KMS").revealString()).isEqualTo(kms);
    assertThat(secrets.get("FIELD").revealString()).isEqualTo(field);
    assertThat(secrets.get("BERGLAS").revealString()).isEqualTo(berglas);
    List<Object> seen = new ArrayList<>(List.of(secrets, secrets.get("KMS"), secrets.get("FIELD"),
        secrets.get("BERGLAS"), secrets.find("FIELD"), component.sources(), component.secrets()));
    for (String value : variables.values()) {
      seen.addAll(referenceViews(Case.of(value)));
    }
    audit.assertAbsentFrom(seen.toArray());
    secrets.wipeAll();
    audit.assertAbsentFrom(secrets.get("KMS"));
  }

  @Test
  void resolve_gzipStoredObjectsSucceed_canaryIsOnlyInTheRevealedValue() throws Exception {
    String whole = canary("gcs-gz-ok");
    String field = canary("gcs-gz-field-ok");
    String berglas = canary("berglas-gz-ok");
    testbed.gcs.putObject(BUCKET, "gz/whole", CloudStorageEmulator.gzip(whole.getBytes(UTF_8)), Map.of(), "gzip");
    putGzip("{\"password\":\"" + field + "\"}");
    testbed.gcs.putObject(BUCKET, "berglas/gz", CloudStorageEmulator.gzip(
        berglasBody("berglas/gz", berglas).getBytes(UTF_8)), BERGLAS_METADATA, "gzip");
    Map<String, String> variables = Map.of(
        "WHOLE", "gs://" + BUCKET + "/gz/whole",
        "FIELD", gsReference("#password"),
        "BERGLAS", "berglas://" + BUCKET + "/berglas/gz");
    AllSources component = component(variables, Case.of(""));
    SecretResolver resolver = SecretResolver.create(component.syntaxes(), component.sources(), PATIENT);

    ResolvedSecrets secrets = resolver.resolve(List.of(SecretDeclaration.required("WHOLE").text(),
        SecretDeclaration.required("FIELD").text(), SecretDeclaration.required("BERGLAS")),
        Environment.of(testbed.variables(variables)));

    assertThat(secrets.get("WHOLE").revealString()).isEqualTo(whole);
    assertThat(secrets.get("FIELD").revealString()).isEqualTo(field);
    assertThat(secrets.get("BERGLAS").revealString()).isEqualTo(berglas);
    List<Object> seen = new ArrayList<>(List.of(secrets, secrets.get("WHOLE"), secrets.get("FIELD"),
        secrets.get("BERGLAS"), component.sources(), component.secrets()));
    for (String value : variables.values()) {
      seen.addAll(referenceViews(Case.of(value)));
    }
    audit.assertAbsentFrom(seen.toArray());
  }

  /** The reference as parsed, formatted, described and wrapped in a fetch; or the parse error. */
  private static List<Object> referenceViews(Case deployment) {
    try {
      SecretReference reference = deployment.declaration().bareCiphertext().isPresent()
          ? GcpReferencesTest.PARSER.parseCiphertext(VAR, deployment.value(),
              deployment.declaration().bareCiphertext().get(), Environment.of(Map.of("KMS_CRYPTO_KEY_ID", KEY)))
          : GcpReferencesTest.PARSER.parse(VAR, deployment.value());
      return List.of(reference, reference.describe(),
          Fetch.of(reference.withoutField(), List.of(VAR), Duration.ofSeconds(1), 1));
    } catch (ReferenceException e) {
      return List.of(e);
    }
  }

  private AllSources component(Map<String, String> variables, Case deployment) {
    return testbed.track(DaggerGcpLeakAuditTest_AllSources.factory().create(TestDeployment.of(
        testbed.variables(variables), deployment.resolver()).with(deployment.gcpSettings())));
  }

  private static Named<Scenario> scenario(String name, Step step, Function<GcpLeakAuditTest, Case> setup) {
    return Named.of(name, new Scenario(EnumSet.of(step), setup));
  }

  /** A deadline shows as the resolver's FETCH deadline or as the client's own timeout, whichever fires first. */
  private static Named<Scenario> deadline(String name, Function<GcpLeakAuditTest, Case> setup) {
    return Named.of(name, new Scenario(EnumSet.of(Step.FETCH, Step.DECRYPT), setup));
  }

  private String canary(String what) {
    return audit.canary(what);
  }

  private String kmsReference(String key, String plaintext, String additionalData) {
    return "gcp-kms://" + key + "?ciphertext=" + testbed.encrypt(key, plaintext, additionalData);
  }

  private String gsReference(String fragment) {
    return "gs://" + BUCKET + "/" + OBJECT + fragment;
  }

  private String berglasReference() {
    return "berglas://" + BUCKET + "/" + OBJECT;
  }

  private void put(String content) {
    putBytes(content.getBytes(UTF_8));
  }

  private void putBytes(byte[] content) {
    testbed.gcs.putObject(BUCKET, OBJECT, content);
  }

  private void putGzip(String content) {
    putGzipBytes(CloudStorageEmulator.gzip(content.getBytes(UTF_8)));
  }

  /** Stores {@code stored} as the object's bytes with content encoding gzip (they need not be valid gzip). */
  private void putGzipBytes(byte[] stored) {
    testbed.gcs.putObject(BUCKET, OBJECT, stored, Map.of(), "gzip");
  }

  private void putBerglasGzip(byte[] stored) {
    testbed.gcs.putObject(BUCKET, OBJECT, stored, BERGLAS_METADATA, "gzip");
  }

  /** gzip data with a byte in the middle flipped: no longer valid, though stored with matching hashes. */
  private static byte[] corrupt(byte[] gzip) {
    gzip[gzip.length / 2] ^= 0x55;
    return gzip;
  }

  private void putBerglas(String body) {
    testbed.gcs.putObject(BUCKET, OBJECT, body.getBytes(UTF_8), BERGLAS_METADATA);
  }

  /** A body as {@code berglas create} writes it; the data key is forbidden material too. */
  private String berglasBody(String aadObjectName, String plaintext) {
    return berglasBody(aadObjectName, plaintext.getBytes(UTF_8));
  }

  private String berglasBody(String aadObjectName, byte[] plaintext) {
    try {
      byte[] dataKey = new byte[32];
      byte[] nonce = new byte[12];
      RANDOM.nextBytes(dataKey);
      RANDOM.nextBytes(nonce);
      audit.forbid(dataKey);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
      byte[] sealed = concat(nonce, cipher.doFinal(plaintext));
      byte[] wrapped = testbed.kms.encrypt(KEY, dataKey, aadObjectName.getBytes(UTF_8));
      return Base64.getEncoder().encodeToString(wrapped) + ":" + Base64.getEncoder().encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package dev.secretfn.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against the Cloud KMS, Cloud Storage and Secret Manager emulators: a bare ciphertext, a {@code
 * gcp-kms://} reference, a {@code gs://} object field, a Berglas secret and an {@code sm://} version, read and
 * wiped, and each store's denial, a missing object and a store that hangs.
 */
class ProbeGcpTest {
  private static final String KEY = "projects/probe/locations/global/keyRings/functions/cryptoKeys/secrets";
  private static final String BUCKET = "probe-secrets";
  private static final String SECRET = "projects/probe-project/secrets/token";
  /** Roomy: the first lean client of a JVM loads slowly on a busy 2-core machine. */
  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final List<SecretDeclaration> DECLARED = List.of(
      SecretDeclaration.required("DB_PASS").encryptedWith(Kms.GCP),
      SecretDeclaration.required("API_KEY"),
      SecretDeclaration.required("CONFIG_PASSWORD"),
      SecretDeclaration.required("BERGLAS_KEY"),
      SecretDeclaration.required("TOKEN"));

  private final CanaryAudit audit = CanaryAudit.start().captureAllLevels("dev.secretfn");
  private final CloudKmsEmulator kms = CloudKmsEmulator.start();
  private final CloudStorageEmulator gcs = CloudStorageEmulator.start();
  private final SecretManagerEmulator sm = SecretManagerEmulator.start();
  private final Map<String, String> deployment = new LinkedHashMap<>();

  @BeforeEach
  void deploy() {
    kms.createKey(KEY);
    gcs.createBucket(BUCKET);
    sm.createSecret(SECRET);

    deployment.put("KMS_CRYPTO_KEY_ID", KEY);
    deployment.put("DB_PASS", encrypt(canary("db-pass")));
    deployment.put("API_KEY", "gcp-kms://" + KEY + "?ciphertext=" + encrypt(canary("api-key")));
    long generation = gcs.putObject(BUCKET, "config.json",
        ("{\"password\":\"" + canary("config") + "\"}").getBytes(StandardCharsets.UTF_8));
    deployment.put("CONFIG_PASSWORD", "gs://" + BUCKET + "/config.json?generation=" + generation + "#password");
    long berglasGeneration = gcs.putObject(BUCKET, "berglas-key",
        ProbeBerglas.body(kms, KEY, "berglas-key", canary("berglas"), audit).getBytes(StandardCharsets.UTF_8),
        Map.of("berglas-kms-key", KEY, "berglas-secret", "1"));
    deployment.put("BERGLAS_KEY", "berglas://" + BUCKET + "/berglas-key#" + berglasGeneration);
    long version = sm.addVersion(SECRET, canary("token").getBytes(StandardCharsets.UTF_8));
    deployment.put("TOKEN", "sm://probe-project/token#" + version);
  }

  @AfterEach
  void stop() {
    try {
      audit.close(); // no canary in anything logged, at any level
    } finally {
      kms.close();
      gcs.close();
      sm.close();
    }
  }

  @Test
  void probe_everyStoreReadable_notesEachReachableAndKeepsNothing() {
    List<ResolvedSecrets> handedOut = new ArrayList<>();

    List<Finding> findings = Probe.run(DECLARED, Environment.of(deployment), emulators(), DEADLINE,
        handedOut::add);

    assertThat(findings).extracting(Finding::variable)
        .containsExactly("DB_PASS", "API_KEY", "CONFIG_PASSWORD", "BERGLAS_KEY", "TOKEN");
    assertThat(findings).allSatisfy(f -> {
      assertThat(f.severity()).isEqualTo(Severity.NOTE);
      assertThat(f.message()).startsWith("reachable with these credentials: ").contains("nothing kept");
    });
    assertThat(findings.get(2).message()).contains("gs://" + BUCKET + "/config.json");
    assertThat(findings.get(4).message()).contains("sm://probe-project/token");
    audit.assertAbsentFrom(findings.toArray());
    assertThat(handedOut).hasSize(1);
    for (String variable : handedOut.get(0).variables()) {
      assertThat(handedOut.get(0).get(variable).isWiped()).as(variable).isTrue();
    }
    // Every store was really asked: one decrypt each for the two ciphertexts and the Berglas data key.
    assertThat(kms.requests()).filteredOn(r -> r.path().endsWith(":decrypt")).hasSize(3);
  }

  @Test
  void probe_kmsKeyDenied_errorNamesTheDecrypterRole() {
    kms.knobs().deny(KEY);

    List<Finding> findings = probe();

    Finding dbPass = find(findings, "DB_PASS");
    assertThat(dbPass.severity()).isEqualTo(Severity.ERROR);
    assertThat(dbPass.message()).contains("DECRYPT failed").contains("PERMISSION_DENIED");
    assertThat(dbPass.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("roles/cloudkms.cryptoKeyDecrypter"));
    // The stores that need no Cloud KMS are still reachable, and said so.
    assertThat(find(findings, "CONFIG_PASSWORD").severity()).isEqualTo(Severity.NOTE);
    assertThat(find(findings, "TOKEN").severity()).isEqualTo(Severity.NOTE);
    audit.assertAbsentFrom(findings.toArray());
  }

  @Test
  void probe_objectDenied_errorNamesTheObjectViewerRole() {
    gcs.knobs().deny(BUCKET + "/config.json");

    Finding config = find(probe(), "CONFIG_PASSWORD");

    assertThat(config.severity()).isEqualTo(Severity.ERROR);
    assertThat(config.message()).contains("FETCH failed").contains("403");
    assertThat(config.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("roles/storage.objectViewer")
        .contains("storage.objects.get"));
  }

  @Test
  void probe_secretDenied_errorNamesTheSecretAccessorRole() {
    sm.knobs().deny(SECRET);

    Finding token = find(probe(), "TOKEN");

    assertThat(token.severity()).isEqualTo(Severity.ERROR);
    assertThat(token.message()).contains("FETCH failed").contains("PERMISSION_DENIED");
    assertThat(token.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("roles/secretmanager.secretAccessor"));
  }

  @Test
  void probe_objectMissing_errorSaysNoSuchObject() {
    deployment.put("CONFIG_PASSWORD", "gs://" + BUCKET + "/no-such.json#password");

    Finding config = find(probe(), "CONFIG_PASSWORD");

    assertThat(config.severity()).isEqualTo(Severity.ERROR);
    assertThat(config.message()).contains("gs://" + BUCKET + "/no-such.json").contains("no such object");
    assertThat(config.fix()).hasValueSatisfying(fix -> assertThat(fix).contains("upload the object"));
  }

  @Test
  void probe_storeHangs_errorAtTheDeadlineNamesTheStep() {
    kms.knobs().latency(Duration.ofMinutes(1));

    List<Finding> findings = Probe.run(List.of(SecretDeclaration.required("API_KEY")), Environment.of(deployment),
        emulators(), Duration.ofMillis(800), resolved -> {});

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.ERROR);
      assertThat(f.message()).contains("FETCH failed").contains("did not finish within the 800 ms");
    });
  }

  private List<Finding> probe() {
    List<Finding> findings = Probe.run(DECLARED, Environment.of(deployment), emulators(), DEADLINE, r -> {});
    audit.assertAbsentFrom(findings.toArray());
    return findings;
  }

  private Environment emulators() {
    return Environment.of(Map.of(
        GcpSettings.KMS_EMULATOR_HOST, hostPort(kms.endpoint()),
        GcpSettings.STORAGE_EMULATOR_HOST, hostPort(gcs.endpoint()),
        GcpSettings.SECRET_MANAGER_EMULATOR_HOST, hostPort(sm.endpoint())));
  }

  static String hostPort(String endpoint) {
    return endpoint.substring("http://".length());
  }

  static Finding find(List<Finding> findings, String variable) {
    Optional<Finding> found = findings.stream().filter(f -> f.variable().equals(variable)).findFirst();
    assertThat(found).as("finding for " + variable + " in " + findings).isPresent();
    return found.get();
  }

  private String canary(String what) {
    return audit.canary(what);
  }

  private String encrypt(String plaintext) {
    return Base64.getEncoder().encodeToString(
        kms.encrypt(KEY, plaintext.getBytes(StandardCharsets.UTF_8), new byte[0]));
  }
}

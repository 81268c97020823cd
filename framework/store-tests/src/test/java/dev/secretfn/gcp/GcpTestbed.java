package dev.secretfn.gcp;

import dev.secretfn.testing.CanaryAudit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

/**
 * One test's world: a Cloud KMS and a Cloud Storage emulator (with two keys and a bucket), the deployments
 * made from them, a capture of everything logged at the default levels, and the canary plaintexts that must
 * never show up in a message, a {@code toString()} or a log line. {@link #close()} checks the log and the
 * request log for canaries, closes the clients the test built, and stops the emulators.
 */
final class GcpTestbed implements AutoCloseable {
  static final String KEY = "projects/secretfn-it/locations/global/keyRings/functions/cryptoKeys/secrets";
  static final String OTHER_KEY = "projects/secretfn-it/locations/global/keyRings/functions/cryptoKeys/other";
  static final String BUCKET = "secretfn-it-secrets";
  /**
   * Millisecond backoff, so that retries are exercised without slowing the build, and a roomy deadline: the
   * first client of a JVM takes seconds to load on a busy 2-core machine, which must not read as a deadline.
   */
  static final ResolverSettings FAST = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(15))
      .initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(20))
      .build();

  private static final String KMS_CLIENT_BUILT = "Cloud KMS endpoint overridden";
  private static final String STORAGE_CLIENT_BUILT = "Cloud Storage endpoint overridden";
  private static final Pattern JSON_MEMBER = Pattern.compile("\"([A-Za-z0-9_]+)\"\\s*:\\s*\"?([^\",}]*)\"?");

  final CloudKmsEmulator kms;
  final CloudStorageEmulator gcs;
  private final CanaryAudit audit = CanaryAudit.start();
  private final List<TestComponent> components = new ArrayList<>();

  GcpTestbed() {
    kms = CloudKmsEmulator.start();
    gcs = CloudStorageEmulator.start();
    kms.createKey(KEY);
    kms.createKey(OTHER_KEY);
    gcs.createBucket(BUCKET);
  }

  /** A distinctive plaintext, unique to this run, that no failure may reveal (raw, base64 or hex). */
  String canary(String what) {
    return audit.canary(what);
  }

  /** Other secret material (a data key) that must not show up either, in base64 or hex. */
  void forbid(byte[] secret) {
    audit.forbid(secret);
  }

  /** A deployment with the emulator hosts and {@code references}, default {@link GcpSettings}. */
  TestDeployment deployment(Map<String, String> references) {
    return deployment(references, GcpSettings.defaults());
  }

  TestDeployment deployment(Map<String, String> references, GcpSettings settings) {
    return new TestDeployment(variables(references), FAST, settings);
  }

  /** The emulator host variables, then {@code references}. */
  Map<String, String> variables(Map<String, String> references) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(GcpSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length()));
    variables.put(GcpSettings.STORAGE_EMULATOR_HOST, gcs.endpoint().substring("http://".length()));
    variables.putAll(references);
    return variables;
  }

  /** Base64 of {@code plaintext} encrypted under {@code key}, as {@code gcloud kms encrypt | base64 -w0}. */
  String encrypt(String key, String plaintext, String additionalData) {
    return Base64.getEncoder().encodeToString(kms.encrypt(
        key, plaintext.getBytes(StandardCharsets.UTF_8), additionalData.getBytes(StandardCharsets.UTF_8)));
  }

  /** Keeps {@code component} so that {@link #close()} closes the clients it built. */
  <C extends TestComponent> C track(C component) {
    components.add(component);
    return component;
  }

  /** How many Cloud KMS clients were built: each logs its endpoint override once. */
  long kmsClientsBuilt() {
    return logged(KMS_CLIENT_BUILT);
  }

  long storageClientsBuilt() {
    return logged(STORAGE_CLIENT_BUILT);
  }

  List<RecordedRequest> decrypts() {
    return kms.requests().stream().filter(r -> r.path().endsWith(":decrypt")).collect(Collectors.toList());
  }

  /** Requests for object content (the download endpoint or {@code alt=media}). */
  List<RecordedRequest> mediaReads() {
    return gcs.requests().stream().filter(GcpTestbed::isMedia).collect(Collectors.toList());
  }

  /** Requests for object metadata (the JSON API without {@code alt=media}). */
  List<RecordedRequest> metadataReads() {
    return gcs.requests().stream()
        .filter(r -> r.path().startsWith("/storage/v1/") && !isMedia(r))
        .collect(Collectors.toList());
  }

  private static boolean isMedia(RecordedRequest r) {
    return r.path().startsWith("/download/") || r.queryParameter("alt").orElse("").equals("media");
  }

  /** Runs a start-up that must fail and returns its exception. */
  static SecretResolutionException startupFails(Runnable startup) {
    try {
      startup.run();
    } catch (SecretResolutionException e) {
      return e;
    }
    throw new AssertionError("start-up succeeded but should have failed");
  }

  static SecretResolutionException.Failure onlyFailure(SecretResolutionException e) {
    assertThat(e.failures()).hasSize(1);
    return e.failures().get(0);
  }

  /** A member of the flat JSON object a client sent (int64s come as strings, or numbers), as written. */
  static String jsonMember(String body, String name) {
    Matcher m = JSON_MEMBER.matcher(body);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return m.group(2);
      }
    }
    throw new AssertionError(name + " is not in the request body");
  }

  static long jsonNumber(String body, String name) {
    return Long.parseLong(jsonMember(body, name));
  }

  static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  /** Asserts that no canary is in the text of {@code things}: toString, and for throwables the stack trace. */
  void assertNoCanaryIn(Object... things) {
    audit.assertAbsentFrom(things);
  }

  @Override
  public void close() {
    try {
      closeClients();
    } finally {
      audit.close(); // asserts that nothing logged contains a canary
      kms.close();
      gcs.close();
    }
    assertNoCanaryIn(kms.requests(), gcs.requests(), kms, gcs, kms.knobs(), gcs.knobs());
  }

  private void closeClients() {
    boolean kmsBuilt = kmsClientsBuilt() > 0;
    boolean storageBuilt = storageClientsBuilt() > 0;
    for (TestComponent component : components) {
      if (kmsBuilt && component instanceof TestComponent.KmsClients) {
        ((TestComponent.KmsClients) component).kmsClient().get().close();
      }
      if (storageBuilt && component instanceof TestComponent.StorageClients) {
        try {
          ((TestComponent.StorageClients) component).storageClient().get().close();
        } catch (Exception e) {
          throw new IllegalStateException("could not close the Cloud Storage client", e);
        }
      }
    }
  }

  private long logged(String text) {
    return audit.logged(text);
  }

}

package dev.secretfn.gcp;

import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Google Cloud part of a {@link SourceTestbed}: a Cloud KMS and a Cloud Storage emulator (with two keys and a
 * bucket), the variables that point the clients at them, and what the tests read from their request logs.
 */
public final class GcpTestbed extends SourceTestbed {
  public static final String KEY = "projects/secretfn-it/locations/global/keyRings/functions/cryptoKeys/secrets";
  public static final String OTHER_KEY =
      "projects/secretfn-it/locations/global/keyRings/functions/cryptoKeys/other";
  public static final String BUCKET = "secretfn-it-secrets";
  /** The metadata {@code berglas create} sets on an object whose data key is wrapped under {@link #KEY}. */
  public static final Map<String, String> BERGLAS_METADATA = Map.of("berglas-kms-key", KEY, "berglas-secret", "1");

  private static final String KMS_CLIENT_BUILT = "Cloud KMS endpoint overridden";
  private static final String STORAGE_CLIENT_BUILT = "Cloud Storage endpoint overridden";
  private static final String SECRET_MANAGER_CLIENT_BUILT = "Secret Manager endpoint overridden";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern JSON_MEMBER = Pattern.compile("\"([A-Za-z0-9_]+)\"\\s*:\\s*\"?([^\",}]*)\"?");

  public final CloudKmsEmulator kms;
  public final CloudStorageEmulator gcs;
  /** Secret Manager, with no secrets: each test creates its own. */
  public final SecretManagerEmulator sm;

  public GcpTestbed() {
    kms = CloudKmsEmulator.start();
    gcs = CloudStorageEmulator.start();
    sm = SecretManagerEmulator.start();
    kms.createKey(KEY);
    kms.createKey(OTHER_KEY);
    gcs.createBucket(BUCKET);
  }

  /** A deployment with the emulator hosts, {@code references}, {@link #FAST} and {@code settings}. */
  public TestDeployment deployment(Map<String, String> references, GcpSettings settings) {
    return deployment(references).with(settings);
  }

  @Override
  protected Map<String, String> cloudVariables() {
    return Map.of(
        GcpSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length()),
        GcpSettings.STORAGE_EMULATOR_HOST, gcs.endpoint().substring("http://".length()),
        GcpSettings.SECRET_MANAGER_EMULATOR_HOST, sm.endpoint().substring("http://".length()));
  }

  @Override
  protected List<Client> clients() {
    return List.of(new Client(KMS_CLIENT_BUILT, c -> c.cloudKmsClient()),
        new Client(STORAGE_CLIENT_BUILT, c -> c.storageClient()),
        new Client(SECRET_MANAGER_CLIENT_BUILT, c -> c.secretManagerClient().map(SourceTestbed::closing)));
  }

  @Override
  protected void stopEmulators() {
    kms.close();
    gcs.close();
    sm.close();
  }

  @Override
  protected List<Object> emulatorState() {
    return List.of(kms.requests(), gcs.requests(), sm.requests(), kms, gcs, sm, kms.knobs(), gcs.knobs(),
        sm.knobs());
  }

  /** Base64 of {@code plaintext} encrypted under {@code key}, as {@code gcloud kms encrypt | base64 -w0}. */
  public String encrypt(String key, String plaintext, String additionalData) {
    return Base64.getEncoder().encodeToString(kms.encrypt(key, plaintext.getBytes(StandardCharsets.UTF_8),
        additionalData.getBytes(StandardCharsets.UTF_8)));
  }

  /** A Berglas object's body, and the data key it was sealed with. */
  public record BerglasBody(String text, byte[] dataKey) {}

  /**
   * The body {@code berglas create} writes: base64(data key wrapped under {@link #KEY}, AAD = object name) ":"
   * base64(nonce || AES-256-GCM ciphertext || tag), as {@code aesgcm.Seal(nonce, nonce, plaintext, nil)}. The data
   * key is secret material too: this testbed forbids it, and a test with its own audit forbids it there.
   */
  public BerglasBody berglasBody(String aadObjectName, byte[] plaintext) {
    byte[] dataKey = new byte[32];
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(dataKey);
    RANDOM.nextBytes(nonce);
    forbid(dataKey);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] nonceAndSealed = Arrays.copyOf(nonce, nonce.length + sealed.length);
      System.arraycopy(sealed, 0, nonceAndSealed, nonce.length, sealed.length);
      byte[] wrapped = kms.encrypt(KEY, dataKey, aadObjectName.getBytes(StandardCharsets.UTF_8));
      return new BerglasBody(Base64.getEncoder().encodeToString(wrapped) + ":"
          + Base64.getEncoder().encodeToString(nonceAndSealed), dataKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many Cloud KMS clients were built: each logs its endpoint override once. */
  public long kmsClientsBuilt() {
    return logged(KMS_CLIENT_BUILT);
  }

  public long storageClientsBuilt() {
    return logged(STORAGE_CLIENT_BUILT);
  }

  public List<RecordedRequest> decrypts() {
    return kms.requests().stream().filter(r -> r.path().endsWith(":decrypt")).collect(Collectors.toList());
  }

  /** Requests for object content (the download endpoint or {@code alt=media}). */
  public List<RecordedRequest> mediaReads() {
    return gcs.requests().stream().filter(GcpTestbed::isMedia).collect(Collectors.toList());
  }

  /** Requests for object metadata (the JSON API without {@code alt=media}). */
  public List<RecordedRequest> metadataReads() {
    return gcs.requests().stream()
        .filter(r -> r.path().startsWith("/storage/v1/") && !isMedia(r))
        .collect(Collectors.toList());
  }

  private static boolean isMedia(RecordedRequest r) {
    return r.path().startsWith("/download/") || r.queryParameter("alt").orElse("").equals("media");
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
}

package dev.secretfn.samples.gcf;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seeds the emulators the way deploy/gcp seeds a project (a key, a KMS-encrypted value, a JSON object in a
 * bucket, a Berglas secret) and returns each deployment's environment: references and ciphertexts only. The
 * orders function refreshes its credentials, so it reads the object without a generation; the weather function
 * shows the KMS-encrypted variable and the Berglas secret.
 */
final class DemoDeployment {
  static final String KEY = "projects/secretfn-demo/locations/global/keyRings/functions/cryptoKeys/secrets";
  static final String BUCKET = "secretfn-demo-secrets";
  static final String CREDENTIALS_OBJECT = "orders/credentials.json";
  static final String BERGLAS_OBJECT = "weather-api-key";
  private static final SecureRandom RANDOM = new SecureRandom();

  final String dbUser;
  final String dbPass;
  final String apiKey;
  final Map<String, String> common = new LinkedHashMap<>();
  final Map<String, String> ordersBucket = new LinkedHashMap<>();
  final Map<String, String> weatherKms = new LinkedHashMap<>();
  final Map<String, String> weatherBerglas = new LinkedHashMap<>();

  DemoDeployment(CloudKmsEmulator kms, CloudStorageEmulator gcs, UpstreamStub upstream, String dbUser,
      String dbPass, String apiKey) throws GeneralSecurityException {
    this.dbUser = dbUser;
    this.dbPass = dbPass;
    this.apiKey = apiKey;
    kms.createKey(KEY);
    common.put("SECRETFN_GCP_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
    common.put("SECRETFN_GCP_STORAGE_EMULATOR_HOST", gcs.endpoint().substring("http://".length()));
    common.put("UPSTREAM_URL", upstream.url().toString());

    // The seed's first pattern: a `gcloud kms encrypt ... | base64 -w0` value, key in KMS_CRYPTO_KEY_ID.
    weatherKms.putAll(common);
    weatherKms.put("KMS_CRYPTO_KEY_ID", KEY);
    weatherKms.put("API_KEY", base64(kms.encrypt(KEY, utf8(apiKey), new byte[0])));

    // The seed's second pattern: one JSON object in a bucket; both fields come from one read. Unpinned (no
    // ?generation=): the orders function refreshes them, and a new generation is how they rotate.
    rotateCredentials(gcs, dbUser, dbPass);
    ordersBucket.putAll(common);
    ordersBucket.put("DB_USER", "gs://" + BUCKET + "/" + CREDENTIALS_OBJECT + "#username");
    ordersBucket.put("DB_PASS", "gs://" + BUCKET + "/" + CREDENTIALS_OBJECT + "#password");

    // The seed's third pattern: a Berglas secret, in the Go tool's format.
    gcs.putObject(BUCKET, BERGLAS_OBJECT, berglasBody(kms, BERGLAS_OBJECT, utf8(apiKey)),
        Map.of("berglas-kms-key", KEY, "berglas-secret", "1"));
    weatherBerglas.putAll(common);
    weatherBerglas.put("API_KEY", "berglas://" + BUCKET + "/" + BERGLAS_OBJECT);
  }

  /** Writes the credentials object anew (a new generation), as a rotation does; returns the generation. */
  static long rotateCredentials(CloudStorageEmulator gcs, String dbUser, String dbPass) {
    return gcs.putObject(BUCKET, CREDENTIALS_OBJECT, utf8(
        "{\"username\":\"" + dbUser + "\",\"password\":\"" + dbPass + "\"}"));
  }

  /** base64(KMS(DEK, aad = object name)) ":" base64(nonce || AES-256-GCM(plaintext)), as berglas writes. */
  static byte[] berglasBody(CloudKmsEmulator kms, String object, byte[] plaintext) throws GeneralSecurityException {
    byte[] dataKey = new byte[32];
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(dataKey);
    RANDOM.nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
    byte[] sealed = cipher.doFinal(plaintext);
    byte[] nonceAndSealed = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, nonceAndSealed, 0, nonce.length);
    System.arraycopy(sealed, 0, nonceAndSealed, nonce.length, sealed.length);
    byte[] wrapped = kms.encrypt(KEY, dataKey, utf8(object));
    return utf8(base64(wrapped) + ":" + base64(nonceAndSealed));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}

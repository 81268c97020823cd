package dev.secretfn.gcp.storage.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Writes what {@code berglas create} writes, on the emulators. */
final class BerglasObjects {
  static final String KEY = "projects/secretfn-contract/locations/global/keyRings/berglas/cryptoKeys/secrets";
  static final Map<String, String> METADATA = Map.of("berglas-kms-key", KEY, "berglas-secret", "1");
  private static final SecureRandom RANDOM = new SecureRandom();

  private BerglasObjects() {}

  /**
   * A fresh AES-256 data key wrapped by Cloud KMS with the object name as additional data, the value sealed with
   * it in AES-256-GCM, and the Berglas metadata; returns the generation.
   */
  static long put(CloudStorageEmulator gcs, CloudKmsEmulator kms, String bucket, String object, byte[] value) {
    return gcs.putObject(bucket, object, envelope(kms, object, value).getBytes(UTF_8), METADATA);
  }

  /** base64(KMS-wrapped data key, AAD = object name) ":" base64(nonce || AES-256-GCM ciphertext || tag). */
  static String envelope(CloudKmsEmulator kms, String object, byte[] value) {
    byte[] dataKey = new byte[32];
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(dataKey);
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
      sealed = cipher.doFinal(value);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is available in every JDK 17", e);
    }
    byte[] nonceAndSealed = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, nonceAndSealed, 0, nonce.length);
    System.arraycopy(sealed, 0, nonceAndSealed, nonce.length, sealed.length);
    byte[] wrapped = kms.encrypt(KEY, dataKey, object.getBytes(UTF_8));
    return Base64.getEncoder().encodeToString(wrapped) + ":" + Base64.getEncoder().encodeToString(nonceAndSealed);
  }
}

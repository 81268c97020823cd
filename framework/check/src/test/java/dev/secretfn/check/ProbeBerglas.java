package dev.secretfn.check;

import dev.secretfn.testing.CanaryAudit;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Berglas objects for the probe's tests, sealed as {@code berglas create} seals them. */
final class ProbeBerglas {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ProbeBerglas() {}

  /**
   * The body {@code berglas create} writes: base64(data key wrapped under {@code key}, AAD = object name) ":"
   * base64(nonce || AES-256-GCM ciphertext || tag). The data key is secret material too: {@code audit} forbids it.
   */
  static String body(CloudKmsEmulator kms, String key, String objectName, String plaintext, CanaryAudit audit) {
    byte[] dataKey = new byte[32];
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(dataKey);
    RANDOM.nextBytes(nonce);
    audit.forbid(dataKey);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] nonceAndSealed = Arrays.copyOf(nonce, nonce.length + sealed.length);
      System.arraycopy(sealed, 0, nonceAndSealed, nonce.length, sealed.length);
      byte[] wrapped = kms.encrypt(key, dataKey, objectName.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(wrapped) + ":" + Base64.getEncoder().encodeToString(nonceAndSealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.secretfn.gcp.storage;

import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Berglas object format, byte-compatible with the Go tool: {@code base64(KMS-wrapped DEK) ":"
 * base64(nonce[12] || AES-256-GCM ciphertext || tag[16])}, standard base64, the GCM step without additional
 * data. Errors describe the shape only.
 */
final class BerglasEnvelope {
  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  static final int DEK_BYTES = 32;

  final byte[] wrappedKey;
  private final byte[] sealed;

  private BerglasEnvelope(byte[] wrappedKey, byte[] sealed) {
    this.wrappedKey = wrappedKey;
    this.sealed = sealed;
  }

  /** Parses an object body; CR and LF are ignored, as the Go tool does. */
  static BerglasEnvelope parse(byte[] body, String described) throws SourceException {
    String text = new String(body, StandardCharsets.US_ASCII).replace("\r", "").replace("\n", "");
    int colon = text.indexOf(':');
    if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
      throw malformed(described, "expected two base64 parts separated by one ':'");
    }
    byte[] wrappedKey;
    byte[] sealed;
    try {
      wrappedKey = Base64.getDecoder().decode(text.substring(0, colon));
      sealed = Base64.getDecoder().decode(text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw malformed(described, "a part is not standard base64");
    }
    if (wrappedKey.length == 0) {
      throw malformed(described, "the wrapped data key is empty");
    }
    if (sealed.length < NONCE_BYTES + TAG_BYTES) {
      throw malformed(described, "the sealed part is shorter than a nonce and a tag (truncated?)");
    }
    return new BerglasEnvelope(wrappedKey, sealed);
  }

  /** Opens the sealed part with the unwrapped data key; returns plaintext the caller must wipe. */
  byte[] open(byte[] dataKey, String described) throws SourceException {
    if (dataKey.length != DEK_BYTES) {
      throw SourceException.permanent(Step.DECODE, described + ": the data key Cloud KMS returned is "
          + dataKey.length + " bytes, expected " + DEK_BYTES);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"),
          new GCMParameterSpec(TAG_BYTES * 8, sealed, 0, NONCE_BYTES));
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw SourceException.permanent(Step.DECRYPT, described + ": the secret's AES-GCM tag does not verify"
          + " (tampered or damaged object)").withHint("re-create the secret with berglas or deploy/gcp");
    } catch (GeneralSecurityException e) {
      throw SourceException.permanent(Step.DECRYPT, described + ": AES-GCM is unavailable: "
          + e.getClass().getSimpleName());
    }
  }

  /**
   * Loads and initialises AES-GCM (the JDK's provider lookup is a noticeable part of a first decryption) on a
   * constant envelope and a throwaway all-zero key: the tag never verifies, and nothing secret is involved.
   */
  static void prime() {
    BerglasEnvelope constant = new BerglasEnvelope(new byte[1], new byte[NONCE_BYTES + TAG_BYTES]);
    try {
      constant.open(new byte[DEK_BYTES], "prime");
    } catch (SourceException expected) {
      // the point was the path
    }
  }

  void wipe() {
    Arrays.fill(wrappedKey, (byte) 0);
    Arrays.fill(sealed, (byte) 0);
  }

  private static SourceException malformed(String described, String problem) {
    return SourceException.permanent(Step.DECODE, described + " is not a Berglas secret: " + problem)
        .withHint("create it with berglas or deploy/gcp/put-berglas-secret.sh");
  }
}

package dev.secretfn.testing.emulator;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ciphertext layout the KMS emulators share: a format byte {@code 1}, the key's id ({@code keyIdBytes}
 * long), a 12-byte random nonce, then the AES-256-GCM ciphertext and 16-byte tag, with the caller's additional
 * authenticated data as GCM AAD. Like a real KMS ciphertext it names its key, and it is valid only under the
 * emulator instance whose keys made it.
 *
 * <p>A building block for emulators (the Cloud KMS and AWS KMS ones, or a store author's own), public only so
 * that the emulator modules can share it: not an API for tests, and it may change in any release. Thread-safe.
 *
 * <h2>WARNING</h2>
 * Key material lives in plain memory: this protects nothing and exists to make emulated ciphertexts opaque.
 */
public final class EmulatedCiphertext {
  private static final byte FORMAT = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final int keyIdBytes;
  private final int headerBytes;
  private final SecureRandom random = new SecureRandom();

  private EmulatedCiphertext(int keyIdBytes) {
    this.keyIdBytes = keyIdBytes;
    this.headerBytes = 1 + keyIdBytes + NONCE_BYTES;
  }

  /** A layout whose key ids are {@code keyIdBytes} long (8 for Cloud KMS, 16, a UUID, for AWS KMS). */
  public static EmulatedCiphertext withKeyIds(int keyIdBytes) {
    if (keyIdBytes < 1 || keyIdBytes > 64) {
      throw new IllegalArgumentException("keyIdBytes must be 1 to 64, got " + keyIdBytes);
    }
    return new EmulatedCiphertext(keyIdBytes);
  }

  /** A key with fresh random AES-256 material and a random id. */
  public Key newKey() {
    byte[] id = new byte[keyIdBytes];
    random.nextBytes(id);
    return newKey(id);
  }

  /** A key with fresh random AES-256 material and the id {@code id} ({@code keyIdBytes} long). */
  public Key newKey(byte[] id) {
    if (id.length != keyIdBytes) {
      throw new IllegalArgumentException("a key id is " + keyIdBytes + " bytes here, got " + id.length);
    }
    byte[] material = new byte[32];
    random.nextBytes(material);
    Key key = new Key(id.clone(), new SecretKeySpec(material, "AES"));
    Arrays.fill(material, (byte) 0);
    return key;
  }

  /** {@code plaintext} sealed under {@code key} with {@code aad}, in this layout with a fresh nonce. */
  public byte[] seal(Key key, byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key.aes, new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(aad);
      byte[] sealed = gcm.doFinal(plaintext);
      return ByteBuffer.allocate(headerBytes + sealed.length).put(FORMAT).put(key.id).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is available in every JDK 17", e);
    }
  }

  /**
   * The key id {@code ciphertext} names, or empty when it is too short or not of this layout (so that no key
   * can open it).
   */
  public Optional<byte[]> keyId(byte[] ciphertext) {
    if (ciphertext.length < headerBytes + TAG_BITS / 8 || ciphertext[0] != FORMAT) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(ciphertext, 1, 1 + keyIdBytes));
  }

  /**
   * The plaintext of {@code ciphertext}, made by {@link #seal} under {@code key} with the same {@code aad}.
   *
   * @throws AEADBadTagException if the ciphertext is not of this layout, names another key, was tampered with
   *     or was sealed with other additional data; its message quotes no data
   */
  public byte[] open(Key key, byte[] ciphertext, byte[] aad) throws AEADBadTagException {
    Optional<byte[]> id = keyId(ciphertext);
    if (id.isEmpty() || !Arrays.equals(id.get(), key.id)) {
      throw new AEADBadTagException("not a ciphertext of this key");
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key.aes, new GCMParameterSpec(TAG_BITS, ciphertext, 1 + keyIdBytes, NONCE_BYTES));
      gcm.updateAAD(aad);
      return gcm.doFinal(ciphertext, headerBytes, ciphertext.length - headerBytes);
    } catch (AEADBadTagException e) {
      throw new AEADBadTagException("the ciphertext is invalid");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is available in every JDK 17", e);
    }
  }

  /** An emulated key: the id written into its ciphertexts and its AES material; prints neither. */
  public static final class Key {
    private final byte[] id;
    private final SecretKeySpec aes;

    private Key(byte[] id, SecretKeySpec aes) {
      this.id = id;
      this.aes = aes;
    }

    /** A copy of the id written into this key's ciphertexts. */
    public byte[] id() {
      return id.clone();
    }

    /** Whether {@code keyId} is this key's id. */
    public boolean hasId(byte[] keyId) {
      return Arrays.equals(id, Objects.requireNonNull(keyId, "keyId"));
    }

    @Override
    public String toString() {
      return "EmulatedCiphertext.Key[" + id.length + "-byte id]";
    }
  }
}

package dev.secretfn.ref;

import java.util.Base64;
import java.util.Optional;

/**
 * A Cloud KMS ciphertext and the CryptoKey that decrypts it:
 * {@code gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K?ciphertext=BASE64}.
 *
 * @param cryptoKey the CryptoKey resource name (not a version)
 * @param ciphertextBase64 the ciphertext in canonical standard base64
 */
public record GcpKmsCiphertext(String cryptoKey, String ciphertextBase64) implements SecretReference {
  public GcpKmsCiphertext {
    Names.cryptoKey(cryptoKey);
    Names.ciphertext(ciphertextBase64);
  }

  /** The ciphertext bytes (a fresh copy). */
  public byte[] ciphertext() {
    return Base64.getDecoder().decode(ciphertextBase64);
  }

  @Override
  public Scheme scheme() {
    return Scheme.GCP_KMS;
  }

  @Override
  public Optional<String> field() {
    return Optional.empty();
  }

  @Override
  public SecretReference withoutField() {
    return this;
  }

  @Override
  public String format() {
    return "gcp-kms://" + cryptoKey + "?ciphertext=" + ciphertextBase64;
  }

  @Override
  public String describe() {
    return "gcp-kms://" + cryptoKey + "?ciphertext=" + Names.abbreviate(ciphertextBase64);
  }

  @Override
  public String toString() {
    return describe();
  }
}

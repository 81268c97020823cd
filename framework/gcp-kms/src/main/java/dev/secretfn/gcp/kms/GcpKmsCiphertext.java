package dev.secretfn.gcp.kms;

import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
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
  /** {@code gcp-kms://} */
  public static final Scheme SCHEME = Scheme.of("gcp-kms");

  public GcpKmsCiphertext {
    KmsNames.cryptoKey(cryptoKey);
    ReferenceRules.ciphertext(ciphertextBase64);
  }

  /** The ciphertext bytes (a fresh copy). */
  public byte[] ciphertext() {
    return Base64.getDecoder().decode(ciphertextBase64);
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
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
    return "gcp-kms://" + cryptoKey + "?ciphertext=" + ReferenceRules.abbreviateCiphertext(ciphertextBase64);
  }

  @Override
  public String toString() {
    return describe();
  }
}

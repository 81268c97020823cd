package dev.secretfn.gcp.kms;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ref.BareCiphertextSyntax;
import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;

/**
 * {@code gcp-kms://CRYPTO_KEY?ciphertext=BASE64}, and bare ciphertexts declared {@code @Encrypted(Kms.GCP)}
 * with the CryptoKey in {@value #KEY_VARIABLE}, as in the seed's functions.
 */
final class GcpKmsSyntax implements BareCiphertextSyntax {
  /** The variable that names the CryptoKey for bare Cloud KMS ciphertexts. */
  static final String KEY_VARIABLE = "KMS_CRYPTO_KEY_ID";

  @Inject
  GcpKmsSyntax() {}

  @Override
  public Scheme scheme() {
    return GcpKmsCiphertext.SCHEME;
  }

  @Override
  public GcpKmsCiphertext parse(ReferenceParts parts) {
    parts.noFragment();
    return new GcpKmsCiphertext(parts.path(), parts.requiredParameter("ciphertext"));
  }

  @Override
  public Kms kms() {
    return Kms.GCP;
  }

  @Override
  public GcpKmsCiphertext parseBare(String ciphertext, Environment environment) {
    String key = environment.get(KEY_VARIABLE).orElseThrow(() -> new InvalidReferenceException(
        KEY_VARIABLE + " is not set: set it to the CryptoKey name, or write the value as"
            + " gcp-kms://KEY?ciphertext=BASE64"));
    try {
      KmsNames.cryptoKey(key);
    } catch (InvalidReferenceException e) {
      throw new InvalidReferenceException(KEY_VARIABLE + " is invalid: " + e.getMessage());
    }
    return new GcpKmsCiphertext(key, ciphertext);
  }
}

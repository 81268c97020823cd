package dev.secretfn.gcp.kms;

import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** Decrypts {@code gcp-kms://} references (and bare ciphertexts declared encrypted) with Cloud KMS. */
final class CloudKmsSource implements SecretSource {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final CloudKmsDecrypter decrypter;
  private final GcpConfig config;

  @Inject
  CloudKmsSource(CloudKmsDecrypter decrypter, GcpConfig config) {
    this.decrypter = decrypter;
    this.config = config;
  }

  @Override
  public Scheme scheme() {
    return GcpKmsCiphertext.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    GcpKmsCiphertext reference = (GcpKmsCiphertext) fetch.reference();
    byte[] additionalData = new byte[0];
    if (config.bindCiphertextsToVariables()) {
      if (fetch.variables().size() > 1) {
        throw SourceException.permanent(Step.DECRYPT, "variables " + fetch.variables() + " hold the same"
                + " ciphertext, but ciphertexts are bound to their variable's name")
            .withHint("encrypt the value once per variable, with that variable's name as additional"
                + " authenticated data");
      }
      additionalData = fetch.variables().get(0).getBytes(StandardCharsets.UTF_8);
    }
    byte[] plaintext = decrypter.decrypt(
        reference.cryptoKey(), reference.ciphertext(), additionalData, fetch.remaining(), Step.DECRYPT);
    try {
      return Secret.copyOf(plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Builds the transport and runs its request path without a secret or a credential ({@link
   * CloudKmsDecrypter#prime}); whatever fails is logged at DEBUG and ignored.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    try {
      decrypter.prime(timeout);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "secretfn: priming Cloud KMS failed: " + e.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return "CloudKmsSource";
  }
}

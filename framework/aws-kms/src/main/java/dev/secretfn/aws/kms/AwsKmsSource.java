package dev.secretfn.aws.kms;

import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.kms.internal.AwsKmsTransport;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Decrypts {@code aws-kms://} references and bare ciphertexts declared {@code @Encrypted(Kms.AWS)}, in the region
 * of the key ARN the reference names, else the function's.
 */
final class AwsKmsSource implements SecretSource {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Lazy<AwsKmsTransport> transport;
  private final AwsConfig config;

  @Inject
  AwsKmsSource(Lazy<AwsKmsTransport> transport, AwsConfig config) {
    this.transport = transport;
    this.config = config;
  }

  @Override
  public Scheme scheme() {
    return AwsKmsCiphertext.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    AwsKmsCiphertext reference = (AwsKmsCiphertext) fetch.reference();
    Map<String, String> context;
    String region;
    try {
      context = config.encryptionContext().resolve(config.environment());
      region = config.regionOf(reference.keyId());
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage());
    }
    byte[] plaintext = AwsErrors.built(transport).decrypt(new AwsKmsTransport.Decrypt(
        region, reference.keyId(), reference.ciphertext(), context, fetch.remaining()));
    try {
      return Secret.copyOf(plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** Builds the transport and primes it (see {@link AwsKmsTransport#prime}); never throws for a failure. */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    AwsKmsTransport built;
    try {
      built = transport.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "secretfn: priming AWS KMS: " + e.getClass().getSimpleName());
      return; // a set-up problem: the first fetch reports it
    }
    built.prime(timeout);
  }

  @Override
  public String toString() {
    return "AwsKmsSource";
  }
}

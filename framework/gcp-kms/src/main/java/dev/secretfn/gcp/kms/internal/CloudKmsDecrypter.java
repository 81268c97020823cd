package dev.secretfn.gcp.kms.internal;

import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * One Cloud KMS decrypt with end-to-end integrity checks, on whichever {@link CloudKmsTransport} the component
 * binds: sends {@code ciphertext_crc32c} and the additional authenticated data's checksum, and verifies {@code
 * plaintext_crc32c}. Shared by the Cloud KMS and Berglas sources. A checksum mismatch either way is retryable
 * (the resolver retries it a bounded number of times, then fails).
 *
 * <p>Not an API: public only so that the Berglas store (secretfn-gcp-storage) can share it.
 */
public final class CloudKmsDecrypter {
  private final Lazy<CloudKmsTransport> transport;

  @Inject
  public CloudKmsDecrypter(Lazy<CloudKmsTransport> transport) {
    this.transport = transport;
  }

  /** Returns the plaintext, which the caller owns and must wipe. */
  public byte[] decrypt(String cryptoKey, byte[] ciphertext, byte[] additionalData, Duration timeout, Step step)
      throws SourceException, InterruptedException {
    CloudKmsTransport.Request request = new CloudKmsTransport.Request(
        cryptoKey, ciphertext, crc32c(ciphertext), additionalData, crc32c(additionalData));
    CloudKmsTransport.Answer answer = transport.get().decrypt(request, timeout, step);
    byte[] plaintext = answer.plaintext();
    OptionalLong crc = answer.plaintextCrc32c();
    if (crc.isEmpty() || crc.getAsLong() != crc32c(plaintext)) {
      Arrays.fill(plaintext, (byte) 0);
      throw SourceException.retryable(Step.VERIFY,
          "the plaintext Cloud KMS returned for " + cryptoKey + " failed its CRC32C check (corrupted in transit)");
    }
    return plaintext;
  }

  /** Builds the transport and primes it ({@link CloudKmsTransport#prime}); never throws for a failed call. */
  public void prime(Duration timeout) throws InterruptedException {
    transport.get().prime(timeout);
  }

  /** The unsigned CRC32C (Castagnoli) of {@code data}, as Cloud KMS's int64 checksum fields carry it. */
  public static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  @Override
  public String toString() {
    return "CloudKmsDecrypter";
  }
}

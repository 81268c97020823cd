package dev.secretfn.gcp.kms.internal;

import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Not an API: how one Cloud KMS Decrypt reaches the service. The default is secretfn-gcp-kms's lean transport
 * (the documented REST API over the JDK's {@code HttpURLConnection}); secretfn-gcp-kms-client's {@code
 * CloudKmsClientTransportModule} binds one over google-cloud-kms instead ({@link
 * dev.secretfn.internal.OfficialClient}).
 *
 * <p>A transport sends what it is given and returns what Cloud KMS answered: {@link CloudKmsDecrypter}
 * computes the request checksums and verifies the answer's, and failures are classified by {@code
 * dev.secretfn.gcp.internal.GcpErrors}, so both transports fail alike. Implementations are thread-safe and
 * build nothing before their first call.
 */
public interface CloudKmsTransport {
  /**
   * Makes one Decrypt call, bounded by {@code timeout}.
   *
   * @throws SourceException at {@code step} (or {@link Step#VERIFY} for a request checksum Cloud KMS rejected),
   *     saying whether a retry can help; never quoting a payload
   * @throws InterruptedException when interrupted
   */
  Answer decrypt(Request request, Duration timeout, Step step) throws SourceException, InterruptedException;

  /**
   * Readies the transport for a fast first call without any secret or credential ({@link
   * dev.secretfn.spi.SecretSource#prime}). Must not throw for a failed call; does nothing by default.
   */
  default void prime(Duration timeout) throws InterruptedException {}

  /**
   * What one Decrypt sends. Holds the caller's arrays, not copies (ciphertexts and additional data are not
   * secret); the additional data is empty when there is none. {@link #toString()} names the key only.
   */
  final class Request {
    private final String cryptoKey;
    private final byte[] ciphertext;
    private final long ciphertextCrc32c;
    private final byte[] additionalData;
    private final long additionalDataCrc32c;

    /** The checksums are unsigned CRC32C values ({@link CloudKmsDecrypter#crc32c}). */
    public Request(String cryptoKey, byte[] ciphertext, long ciphertextCrc32c, byte[] additionalData,
        long additionalDataCrc32c) {
      this.cryptoKey = Objects.requireNonNull(cryptoKey, "cryptoKey");
      this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
      this.ciphertextCrc32c = ciphertextCrc32c;
      this.additionalData = Objects.requireNonNull(additionalData, "additionalData");
      this.additionalDataCrc32c = additionalDataCrc32c;
    }

    /** The CryptoKey name, {@code projects/P/locations/L/keyRings/R/cryptoKeys/K}. */
    public String cryptoKey() {
      return cryptoKey;
    }

    public byte[] ciphertext() {
      return ciphertext;
    }

    public long ciphertextCrc32c() {
      return ciphertextCrc32c;
    }

    /** The additional authenticated data; empty when there is none (then neither it nor its checksum is sent). */
    public byte[] additionalData() {
      return additionalData;
    }

    public long additionalDataCrc32c() {
      return additionalDataCrc32c;
    }

    @Override
    public String toString() {
      return "Decrypt[" + cryptoKey + "]";
    }
  }

  /** What Cloud KMS answered: the plaintext, which the caller owns and must wipe, and its checksum if sent. */
  final class Answer {
    private final byte[] plaintext;
    private final OptionalLong plaintextCrc32c;

    public Answer(byte[] plaintext, OptionalLong plaintextCrc32c) {
      this.plaintext = Objects.requireNonNull(plaintext, "plaintext");
      this.plaintextCrc32c = Objects.requireNonNull(plaintextCrc32c, "plaintextCrc32c");
    }

    /** The plaintext itself, not a copy. */
    public byte[] plaintext() {
      return plaintext;
    }

    public OptionalLong plaintextCrc32c() {
      return plaintextCrc32c;
    }

    /** The size only: the plaintext is a secret. */
    @Override
    public String toString() {
      return "Answer[" + plaintext.length + " bytes]";
    }
  }
}

package dev.secretfn.aws.kms.internal;

import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Not an API: how the AWS KMS store calls {@code Decrypt}. The lean transport of this module (the AWS JSON 1.1
 * API over the JDK's {@code HttpURLConnection}, signed with the SDK's signer) is the default; {@code
 * secretfn-aws-kms-client}'s {@code AwsKmsClientTransportModule} binds the SDK's {@code KmsClient} instead. Both
 * turn AWS's answers into the same {@link SourceException}s ({@code AwsErrors.kms}). Thread-safe; may change in
 * any release.
 */
public interface AwsKmsTransport {
  /**
   * Makes one {@code Decrypt} call.
   *
   * @return the plaintext, which the caller owns and wipes
   * @throws SourceException when the call failed, saying whether a retry could help
   * @throws InterruptedException when interrupted (the start-up deadline passed)
   */
  byte[] decrypt(Decrypt call) throws SourceException, InterruptedException;

  /**
   * Readies the transport for a fast first call without a secret or the function's credentials (see {@code
   * SecretSource#prime}). Never throws for a failed call. Does nothing by default.
   */
  default void prime(Duration timeout) throws InterruptedException {}

  /** One {@code Decrypt} call. Its {@code toString} names the key and context, never the ciphertext. */
  final class Decrypt {
    private final String region;
    private final Optional<String> keyId;
    private final byte[] ciphertext;
    private final Map<String, String> context;
    private final Duration timeout;

    /**
     * @param region the region to call, already chosen (the key ARN's, else the function's)
     * @param keyId the key the reference names, sent as {@code KeyId}
     * @param ciphertext the ciphertext blob (kept, not copied)
     * @param context the encryption context
     * @param timeout what is left of the start-up deadline
     */
    public Decrypt(String region, Optional<String> keyId, byte[] ciphertext, Map<String, String> context,
        Duration timeout) {
      this.region = Objects.requireNonNull(region, "region");
      this.keyId = Objects.requireNonNull(keyId, "keyId");
      this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
      this.context = Map.copyOf(context);
      this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public String region() {
      return region;
    }

    public Optional<String> keyId() {
      return keyId;
    }

    /** The blob itself, not a copy. */
    public byte[] ciphertext() {
      return ciphertext;
    }

    public Map<String, String> context() {
      return context;
    }

    public Duration timeout() {
      return timeout;
    }

    /** The key as messages name it. */
    public String key() {
      return keyId.orElse("the key in the ciphertext blob");
    }

    /** The encryption context as messages describe it. */
    public String describeContext() {
      return context.isEmpty() ? "no encryption context" : "encryption context " + new TreeMap<>(context);
    }

    @Override
    public String toString() {
      return "Decrypt[" + key() + ", " + region + ", " + describeContext() + "]";
    }
  }
}

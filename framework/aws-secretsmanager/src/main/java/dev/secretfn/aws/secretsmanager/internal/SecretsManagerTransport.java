package dev.secretfn.aws.secretsmanager.internal;

import dev.secretfn.aws.secretsmanager.SecretsManagerSecret;
import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.Objects;

/**
 * Not an API: how the AWS Secrets Manager store calls {@code GetSecretValue}. The lean transport of this module
 * (the AWS JSON 1.1 API over the JDK's {@code HttpURLConnection}, signed with the project's SigV4 signer) is the
 * default; {@code secretfn-aws-secretsmanager-client}'s {@code SecretsManagerClientTransportModule} binds the
 * SDK's {@code SecretsManagerClient} instead. Both turn AWS's answers into the same {@link SourceException}s
 * ({@link SecretsManagerErrors}). Thread-safe; may change in any release.
 */
public interface SecretsManagerTransport {
  /**
   * Makes one {@code GetSecretValue} call.
   *
   * @return the value: {@code SecretString} as UTF-8, or {@code SecretBinary}'s bytes; the caller owns and wipes it
   * @throws SourceException when the call failed, saying whether a retry could help
   * @throws InterruptedException when interrupted (the start-up deadline passed)
   */
  byte[] getSecretValue(GetSecretValue call) throws SourceException, InterruptedException;

  /**
   * Readies the transport for a fast first call without a secret or the function's credentials (see {@code
   * SecretSource#prime}). Never throws for a failed call. Does nothing by default.
   */
  default void prime(Duration timeout) throws InterruptedException {}

  /** One {@code GetSecretValue} call. Its {@code toString} names the secret and the region, never a value. */
  final class GetSecretValue {
    private final SecretsManagerSecret secret;
    private final String region;
    private final int maxBytes;
    private final Duration timeout;

    /**
     * @param secret the secret, version id or staging label to read (its field is the resolver's business)
     * @param region the region to call, already chosen (the ARN's, else the function's)
     * @param maxBytes the largest secret value accepted
     * @param timeout what is left of the start-up deadline
     */
    public GetSecretValue(SecretsManagerSecret secret, String region, int maxBytes, Duration timeout) {
      this.secret = Objects.requireNonNull(secret, "secret");
      this.region = Objects.requireNonNull(region, "region");
      this.maxBytes = maxBytes;
      this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public SecretsManagerSecret secret() {
      return secret;
    }

    public String region() {
      return region;
    }

    public int maxBytes() {
      return maxBytes;
    }

    public Duration timeout() {
      return timeout;
    }

    /** The secret as messages name it. */
    public String describe() {
      return secret.describe();
    }

    @Override
    public String toString() {
      return "GetSecretValue[" + describe() + ", " + region + "]";
    }
  }
}

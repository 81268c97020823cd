package dev.secretfn.aws;

import dev.secretfn.Environment;
import dev.secretfn.spi.EmulatorEndpoint;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the AWS sources. Immutable; the defaults suit a Lambda function whose variables were encrypted
 * with the console's helpers. Bind one in a Dagger module to change them:
 *
 * <pre>{@code
 * @Provides static AwsSettings awsSettings() {
 *   return AwsSettings.builder().encryptionContext(EncryptionContext.lambdaFunctionName("orders")).build();
 * }
 * }</pre>
 *
 * <h2>WARNING</h2>
 * Endpoint overrides exist for emulators in tests and the local launcher only: they must point at a loopback
 * address, and the clients then sign with fixed dummy credentials. They can also be set with {@value
 * #KMS_EMULATOR_HOST}, {@value #S3_EMULATOR_HOST} and {@value #SECRETS_MANAGER_EMULATOR_HOST} ({@code
 * 127.0.0.1:PORT}); every override is logged.
 */
public final class AwsSettings {
  /** Environment variable: {@code host:port} of a loopback AWS KMS emulator. */
  public static final String KMS_EMULATOR_HOST = "SECRETFN_AWS_KMS_EMULATOR_HOST";
  /** Environment variable: {@code host:port} of a loopback S3 emulator. */
  public static final String S3_EMULATOR_HOST = "SECRETFN_AWS_S3_EMULATOR_HOST";
  /** Environment variable: {@code host:port} of a loopback AWS Secrets Manager emulator. */
  public static final String SECRETS_MANAGER_EMULATOR_HOST = "SECRETFN_AWS_SECRETSMANAGER_EMULATOR_HOST";
  /** The default largest S3 object read, 64 KiB. */
  public static final int DEFAULT_MAX_OBJECT_BYTES = 64 * 1024;

  private final EncryptionContext encryptionContext;
  private final int maxObjectBytes;
  private final Optional<URI> kmsEndpoint;
  private final Optional<URI> s3Endpoint;
  private final Optional<URI> secretsManagerEndpoint;

  private AwsSettings(Builder b) {
    this.encryptionContext = b.encryptionContext;
    this.maxObjectBytes = b.maxObjectBytes;
    this.kmsEndpoint = b.kmsEndpoint;
    this.s3Endpoint = b.s3Endpoint;
    this.secretsManagerEndpoint = b.secretsManagerEndpoint;
  }

  public static AwsSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The encryption context KMS ciphertexts of variables were made with. */
  public EncryptionContext encryptionContext() {
    return encryptionContext;
  }

  /** The largest S3 object read, in bytes; also the largest Secrets Manager secret value read. */
  public int maxObjectBytes() {
    return maxObjectBytes;
  }

  /** The AWS KMS endpoint override (loopback emulators only), if set in code. */
  public Optional<URI> kmsEndpoint() {
    return kmsEndpoint;
  }

  /** The S3 endpoint override (loopback emulators only), if set in code. */
  public Optional<URI> s3Endpoint() {
    return s3Endpoint;
  }

  /** The AWS Secrets Manager endpoint override (loopback emulators only), if set in code. */
  public Optional<URI> secretsManagerEndpoint() {
    return secretsManagerEndpoint;
  }

  @Override
  public String toString() {
    return "AwsSettings[" + encryptionContext + ", maxObjectBytes=" + maxObjectBytes
        + kmsEndpoint.map(e -> ", kmsEndpoint=" + e).orElse("") + s3Endpoint.map(e -> ", s3Endpoint=" + e).orElse("")
        + secretsManagerEndpoint.map(e -> ", secretsManagerEndpoint=" + e).orElse("")
        + "]";
  }

  /** Builds {@link AwsSettings}; each setter validates at once. */
  public static final class Builder {
    private EncryptionContext encryptionContext = EncryptionContext.lambdaFunctionName();
    private int maxObjectBytes = DEFAULT_MAX_OBJECT_BYTES;
    private Optional<URI> kmsEndpoint = Optional.empty();
    private Optional<URI> s3Endpoint = Optional.empty();
    private Optional<URI> secretsManagerEndpoint = Optional.empty();

    private Builder() {}

    public Builder encryptionContext(EncryptionContext encryptionContext) {
      this.encryptionContext = Objects.requireNonNull(encryptionContext, "encryptionContext");
      return this;
    }

    /** Between 1 byte and 4 MiB. */
    public Builder maxObjectBytes(int maxObjectBytes) {
      if (maxObjectBytes < 1 || maxObjectBytes > 4 * 1024 * 1024) {
        throw new IllegalArgumentException("maxObjectBytes must be between 1 and 4194304");
      }
      this.maxObjectBytes = maxObjectBytes;
      return this;
    }

    /** A loopback emulator's endpoint, {@code http://127.0.0.1:PORT}. */
    public Builder kmsEndpoint(URI endpoint) {
      this.kmsEndpoint = Optional.of(EmulatorEndpoint.requireLoopback(endpoint));
      return this;
    }

    /** A loopback emulator's endpoint, {@code http://127.0.0.1:PORT}. */
    public Builder s3Endpoint(URI endpoint) {
      this.s3Endpoint = Optional.of(EmulatorEndpoint.requireLoopback(endpoint));
      return this;
    }

    /** A loopback emulator's endpoint, {@code http://127.0.0.1:PORT}. */
    public Builder secretsManagerEndpoint(URI endpoint) {
      this.secretsManagerEndpoint = Optional.of(EmulatorEndpoint.requireLoopback(endpoint));
      return this;
    }

    public AwsSettings build() {
      return new AwsSettings(this);
    }
  }
}

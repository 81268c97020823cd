package dev.secretfn.gcp;

import dev.secretfn.Environment;
import dev.secretfn.spi.EmulatorEndpoint;
import java.net.URI;
import java.util.Optional;

/**
 * Settings of the Google Cloud sources. Immutable; the defaults are right for production, so most functions
 * never bind one. Bind one in a Dagger module to change them:
 *
 * <pre>{@code
 * @Provides static GcpSettings gcpSettings() {
 *   return GcpSettings.builder().bindCiphertextsToVariables(true).build();
 * }
 * }</pre>
 *
 * <h2>WARNING</h2>
 * Endpoint overrides exist for emulators in tests and the local launcher only: they must point at a loopback
 * address, and the clients then send no credentials. They can also be set with the environment variables
 * {@value #KMS_EMULATOR_HOST}, {@value #STORAGE_EMULATOR_HOST} and {@value #SECRET_MANAGER_EMULATOR_HOST} ({@code
 * 127.0.0.1:PORT}); every override is
 * logged when the client is built.
 */
public final class GcpSettings {
  /** Environment variable: {@code host:port} of a loopback Cloud KMS emulator. */
  public static final String KMS_EMULATOR_HOST = "SECRETFN_GCP_KMS_EMULATOR_HOST";
  /** Environment variable: {@code host:port} of a loopback Cloud Storage emulator. */
  public static final String STORAGE_EMULATOR_HOST = "SECRETFN_GCP_STORAGE_EMULATOR_HOST";
  /**
   * Environment variable: {@code host:port} of a loopback Secret Manager emulator. Google defines no emulator
   * variable for Secret Manager (it has no official emulator), so this is secretfn's own.
   */
  public static final String SECRET_MANAGER_EMULATOR_HOST = "SECRETFN_GCP_SECRETMANAGER_EMULATOR_HOST";
  /** The default largest object the storage sources read, 64 KiB. */
  public static final int DEFAULT_MAX_OBJECT_BYTES = 64 * 1024;

  private final boolean bindCiphertextsToVariables;
  private final int maxObjectBytes;
  private final Optional<URI> kmsEndpoint;
  private final Optional<URI> storageEndpoint;
  private final Optional<URI> secretManagerEndpoint;

  private GcpSettings(Builder b) {
    this.bindCiphertextsToVariables = b.bindCiphertextsToVariables;
    this.maxObjectBytes = b.maxObjectBytes;
    this.kmsEndpoint = b.kmsEndpoint;
    this.storageEndpoint = b.storageEndpoint;
    this.secretManagerEndpoint = b.secretManagerEndpoint;
  }

  public static GcpSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether Cloud KMS ciphertexts of variables are bound to the variable's name: decryption passes the name
   * (UTF-8) as additional authenticated data, so a ciphertext copied into another variable does not decrypt.
   * Values must then be encrypted with {@code --additional-authenticated-data-file} holding the name.
   */
  public boolean bindCiphertextsToVariables() {
    return bindCiphertextsToVariables;
  }

  /** The largest Cloud Storage object (and Berglas object, and Secret Manager payload) read, in bytes. */
  public int maxObjectBytes() {
    return maxObjectBytes;
  }

  /** The Cloud KMS endpoint override (loopback emulators only), if set in code. */
  public Optional<URI> kmsEndpoint() {
    return kmsEndpoint;
  }

  /** The Cloud Storage endpoint override (loopback emulators only), if set in code. */
  public Optional<URI> storageEndpoint() {
    return storageEndpoint;
  }

  /**
   * The Secret Manager endpoint override (loopback emulators only), if set in code. It serves global and regional
   * secrets alike (the regional name is in the path).
   */
  public Optional<URI> secretManagerEndpoint() {
    return secretManagerEndpoint;
  }

  @Override
  public String toString() {
    return "GcpSettings[bindCiphertextsToVariables=" + bindCiphertextsToVariables + ", maxObjectBytes="
        + maxObjectBytes + kmsEndpoint.map(e -> ", kmsEndpoint=" + e).orElse("")
        + storageEndpoint.map(e -> ", storageEndpoint=" + e).orElse("")
        + secretManagerEndpoint.map(e -> ", secretManagerEndpoint=" + e).orElse("") + "]";
  }

  /** Builds {@link GcpSettings}; each setter validates at once. */
  public static final class Builder {
    private boolean bindCiphertextsToVariables;
    private int maxObjectBytes = DEFAULT_MAX_OBJECT_BYTES;
    private Optional<URI> kmsEndpoint = Optional.empty();
    private Optional<URI> storageEndpoint = Optional.empty();
    private Optional<URI> secretManagerEndpoint = Optional.empty();

    private Builder() {}

    /** See {@link GcpSettings#bindCiphertextsToVariables()}; off by default (the seed's values have no AAD). */
    public Builder bindCiphertextsToVariables(boolean bind) {
      this.bindCiphertextsToVariables = bind;
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
    public Builder storageEndpoint(URI endpoint) {
      this.storageEndpoint = Optional.of(EmulatorEndpoint.requireLoopback(endpoint));
      return this;
    }

    /** A loopback emulator's endpoint, {@code http://127.0.0.1:PORT}. */
    public Builder secretManagerEndpoint(URI endpoint) {
      this.secretManagerEndpoint = Optional.of(EmulatorEndpoint.requireLoopback(endpoint));
      return this;
    }

    public GcpSettings build() {
      return new GcpSettings(this);
    }
  }
}

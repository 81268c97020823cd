package dev.secretfn.gcp.internal;

import dev.secretfn.Environment;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.spi.EmulatorEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Not an API: {@link GcpSettings} with the function's environment and deadline applied, as every Google Cloud
 * store reads them. Immutable.
 */
public final class GcpConfig {
  private static final String FORMER_KMS_EMULATOR_HOST = "SECRETFN_KMS_EMULATOR_HOST";
  private static final String FORMER_STORAGE_EMULATOR_HOST = "SECRETFN_STORAGE_EMULATOR_HOST";

  private final GcpSettings settings;
  private final Environment environment;
  private final Duration deadline;

  public GcpConfig(GcpSettings settings, Environment environment, Duration deadline) {
    this.settings = settings;
    this.environment = environment;
    this.deadline = deadline;
  }

  public Environment environment() {
    return environment;
  }

  /** The start-up deadline, which bounds every call. */
  public Duration deadline() {
    return deadline;
  }

  public boolean bindCiphertextsToVariables() {
    return settings.bindCiphertextsToVariables();
  }

  public int maxObjectBytes() {
    return settings.maxObjectBytes();
  }

  /** The Cloud KMS endpoint: the override in code, else {@value GcpSettings#KMS_EMULATOR_HOST}, else none. */
  public Optional<URI> kmsEndpoint() {
    return settings.kmsEndpoint().or(() -> EmulatorEndpoint.fromEnvironment(
        environment, GcpSettings.KMS_EMULATOR_HOST, FORMER_KMS_EMULATOR_HOST));
  }

  /** The Cloud Storage endpoint: the override in code, else {@value GcpSettings#STORAGE_EMULATOR_HOST}. */
  public Optional<URI> storageEndpoint() {
    return settings.storageEndpoint().or(() -> EmulatorEndpoint.fromEnvironment(
        environment, GcpSettings.STORAGE_EMULATOR_HOST, FORMER_STORAGE_EMULATOR_HOST));
  }

  /**
   * The Secret Manager endpoint: the override in code, else {@value GcpSettings#SECRET_MANAGER_EMULATOR_HOST}, else
   * none (the global or regional Google endpoint).
   */
  public Optional<URI> secretManagerEndpoint() {
    return settings.secretManagerEndpoint().or(() -> EmulatorEndpoint.fromEnvironment(
        environment, GcpSettings.SECRET_MANAGER_EMULATOR_HOST));
  }

  @Override
  public String toString() {
    return "GcpConfig[" + settings + ", deadline=" + deadline + "]";
  }
}

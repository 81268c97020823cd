package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.List;

/**
 * A Secret Manager emulator that speaks the REST (HTTP/JSON) wire protocol of {@code secretmanager.googleapis.com}
 * (and of the regional {@code secretmanager.LOCATION.rep.googleapis.com}: a regional secret's name carries its
 * location in the path) for AccessSecretVersion, on 127.0.0.1 and an ephemeral port. For tests and the local
 * launcher only; never part of a function.
 *
 * <pre>{@code
 * try (SecretManagerEmulator sm = SecretManagerEmulator.start()) {
 *   sm.createSecret("projects/p/secrets/db-pass");
 *   long v = sm.addVersion("projects/p/secrets/db-pass", "s3cret".getBytes(UTF_8));   // 1
 *   // GET /v1/projects/p/secrets/db-pass/versions/1:access
 *   //   -> {"name":"projects/p/secrets/db-pass/versions/1","payload":{"data":"czNjcmV0","dataCrc32c":"..."}}
 * }
 * }</pre>
 *
 * <p>Served: {@code GET /v1/{name}:access} (the colon may be sent as {@code %3A}). Versions are numbered from 1
 * and are ENABLED, DISABLED or DESTROYED ({@link #disable}, {@link #enable}, {@link #destroy}); {@code latest}
 * is the most recently created version whatever its state, as in Secret Manager, so a disabled newest version
 * fails {@code latest}. Errors have Google's JSON error shape: 403 PERMISSION_DENIED (a {@link
 * EmulatorKnobs#deny denied} version name prefix, {@code projects/P/secrets/S...}), 404 NOT_FOUND ({@code Secret
 * [...] not found or has no versions.}, {@code Secret Version [...] not found.}), 400 FAILED_PRECONDITION ({@code
 * Secret Version [...] is in DISABLED state.}). {@link EmulatorKnobs#corruptNextChecksum} corrupts the answer's
 * {@code payload.dataCrc32c}; {@link EmulatorKnobs#failNext} answers with Google's error of that status.
 *
 * <p>Thread-safe. {@link #close()} stops the server at once.
 *
 * <h2>WARNING</h2>
 * Secrets live in this object's memory and are served to anyone who can reach 127.0.0.1, without
 * authentication: an emulator protects nothing.
 */
public final class SecretManagerEmulator implements AutoCloseable {
  private final SecretManagerApi api;
  private final HttpEmulator http;

  private SecretManagerEmulator() {
    this.api = new SecretManagerApi(this::server);
    this.http = HttpEmulator.start("secret-manager-emulator", api);
  }

  /** Starts an emulator on 127.0.0.1 and a free port, with no secrets. */
  public static SecretManagerEmulator start() {
    return new SecretManagerEmulator();
  }

  /** The base URL to point a client at, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return http.endpoint();
  }

  /**
   * Creates secret {@code secretName} ({@code projects/P/secrets/S}, or {@code projects/P/locations/L/secrets/S}
   * for a regional secret) without versions.
   *
   * @throws IllegalArgumentException if the name is not a secret name or the secret exists
   */
  public void createSecret(String secretName) {
    api.createSecret(secretName);
  }

  /**
   * Adds an ENABLED version holding a copy of {@code data} and returns its number (1, 2, ...): {@code latest} moves
   * to it, as a rotation does. Safe to call while the emulator serves: a read of {@code latest} answers the old
   * version or the new one, whole, and every read that begins after this returns answers the new one.
   */
  public long addVersion(String secretName, byte[] data) {
    return api.addVersion(secretName, data, true);
  }

  /**
   * Adds an ENABLED version stored without a checksum, as Secret Manager keeps versions encrypted with a
   * customer-managed key (CMEK) before 2021-07-16: its answers carry no {@code payload.dataCrc32c}.
   */
  public long addVersionWithoutChecksum(String secretName, byte[] data) {
    return api.addVersion(secretName, data, false);
  }

  /** Disables version {@code version}: accessing it answers 400 FAILED_PRECONDITION. */
  public void disable(String secretName, long version) {
    api.setState(secretName, version, SecretManagerApi.State.DISABLED);
  }

  /** Enables a disabled version again. */
  public void enable(String secretName, long version) {
    api.setState(secretName, version, SecretManagerApi.State.ENABLED);
  }

  /** Destroys version {@code version} and wipes its data: final, as in Secret Manager. */
  public void destroy(String secretName, long version) {
    api.setState(secretName, version, SecretManagerApi.State.DESTROYED);
  }

  /** Answers name the project {@code projectId} by {@code number}, as Secret Manager's answers do. */
  public void projectNumber(String projectId, long number) {
    api.projectNumber(projectId, number);
  }

  /** The knobs for latency and faults of this emulator. */
  public EmulatorKnobs knobs() {
    return http.knobs();
  }

  /** Every request received so far, oldest first, including those a knob failed or dropped. */
  public List<RecordedRequest> requests() {
    return http.requests();
  }

  /** Stops the server at once and releases its threads; idempotent. */
  @Override
  public void close() {
    http.close();
  }

  private HttpEmulator server() {
    return http;
  }

  @Override
  public String toString() {
    return "SecretManagerEmulator[" + endpoint() + ", " + api.secretCount() + " secrets]";
  }
}

package dev.secretfn.testing.gcp;

import dev.secretfn.testing.emulator.EmulatedCiphertext;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.util.List;
import javax.crypto.AEADBadTagException;

/**
 * A Cloud KMS emulator that speaks the REST (HTTP/JSON) wire protocol of {@code cloudkms.googleapis.com} for
 * symmetric {@code Encrypt} and {@code Decrypt}, with real AES-256-GCM, on 127.0.0.1 and an ephemeral port.
 * For tests and the local launcher only; never part of a function.
 *
 * <p>The official client is used unchanged, with only its endpoint overridden:
 *
 * <pre>{@code
 * try (CloudKmsEmulator kms = CloudKmsEmulator.start()) {
 *   String key = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
 *   kms.createKey(key);
 *   byte[] ciphertext = kms.encrypt(key, "s3cret".getBytes(UTF_8), new byte[0]);
 *   KeyManagementServiceClient client = KeyManagementServiceClient.create(
 *       KeyManagementServiceSettings.newHttpJsonBuilder()
 *           .setEndpoint(kms.endpoint())
 *           .setCredentialsProvider(NoCredentialsProvider.create())
 *           .build());
 *   client.decrypt(key, ByteString.copyFrom(ciphertext));  // "s3cret"
 * }
 * }</pre>
 *
 * <p>Served: {@code POST /v1/{cryptoKey}:encrypt} and {@code POST /v1/{cryptoKey}:decrypt} (the colon may be
 * sent as {@code %3A}), JSON bodies as the client writes them (camelCase or snake_case fields, bytes in base64,
 * int64 checksums as strings or numbers), answers with enums as numbers ({@code protectionLevel: 1}, SOFTWARE).
 * Request checksums are verified as Cloud KMS does; errors have Google's JSON error shape {@code
 * {"error":{"code":400,"message":...,"status":"INVALID_ARGUMENT","details":[]}}}.
 *
 * <p>Each CryptoKey has one version, {@code cryptoKeyVersions/1}, holding a random AES-256 key. The
 * ciphertext is an {@link EmulatedCiphertext} with 8-byte key ids, the request's additional authenticated data
 * as GCM AAD: valid only under the emulator instance that made it.
 *
 * <p>Thread-safe. {@link #close()} stops the server at once; it is needed, because the server's dispatcher
 * thread is not a daemon thread.
 *
 * <h2>WARNING</h2>
 * Keys live in this object's memory and are served to anyone who can reach 127.0.0.1, without
 * authentication: an emulator protects nothing.
 */
public final class CloudKmsEmulator implements AutoCloseable {
  private final CloudKmsApi api;
  private final HttpEmulator http;

  private CloudKmsEmulator() {
    this.api = new CloudKmsApi(this::server); // the API reads the server only once it serves
    this.http = HttpEmulator.start("cloud-kms-emulator", api);
  }

  /** Starts an emulator on 127.0.0.1 and a free port, with no keys. */
  public static CloudKmsEmulator start() {
    return new CloudKmsEmulator();
  }

  /** The base URL to give the client as its endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return http.endpoint();
  }

  /**
   * Creates CryptoKey {@code cryptoKeyName} ({@code projects/P/locations/L/keyRings/R/cryptoKeys/K}) with a
   * fresh random AES-256 key as its only, primary version 1.
   *
   * @throws IllegalArgumentException if the name is not a CryptoKey name or the key already exists
   */
  public void createKey(String cryptoKeyName) {
    api.createKey(cryptoKeyName);
  }

  /**
   * Encrypts {@code plaintext} under {@code cryptoKeyName} exactly as the server's {@code :encrypt} would, so
   * that tests can prepare ciphertexts without a client. {@code additionalAuthenticatedData} may be empty.
   *
   * @throws IllegalArgumentException if the key was not created with {@link #createKey}
   */
  public byte[] encrypt(String cryptoKeyName, byte[] plaintext, byte[] additionalAuthenticatedData) {
    return api.encrypt(cryptoKeyName, plaintext, additionalAuthenticatedData);
  }

  /**
   * Decrypts {@code ciphertext} under {@code cryptoKeyName} exactly as the server's {@code :decrypt} would, for
   * another front end over the same keys (the benchmarks' gRPC Cloud KMS emulator), so that one ciphertext
   * decrypts alike on every wire. Knobs and the request log are the caller's business: this is the crypto only.
   *
   * @throws IllegalArgumentException if the key was not created with {@link #createKey}
   * @throws AEADBadTagException if the ciphertext was not made under this key, was tampered with, or was made
   *     with other additional authenticated data; its message is Cloud KMS's and quotes no data
   */
  public byte[] decrypt(String cryptoKeyName, byte[] ciphertext, byte[] additionalAuthenticatedData)
      throws AEADBadTagException {
    return api.decrypt(cryptoKeyName, ciphertext, additionalAuthenticatedData);
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
    return "CloudKmsEmulator[" + endpoint() + ", " + api.keyCount() + " keys]";
  }
}

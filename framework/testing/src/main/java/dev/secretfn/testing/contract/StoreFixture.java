package dev.secretfn.testing.contract;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.emulator.EmulatorKnobs;

/**
 * A store under test, as {@link SourceContract} sees it: its syntax, its source pointed at an emulator, and
 * a way to put secrets into that emulator. One fixture serves one test; {@link #close()} stops its emulator.
 *
 * <pre>{@code
 * final class AcmeFixture implements StoreFixture {
 *   private final AcmeEmulator emulator = AcmeEmulator.start();
 *   public ReferenceSyntax syntax() { return new AcmeSyntax(); }
 *   public SecretSource source() { return new AcmeSource(AcmeSettings.forEmulator(emulator.endpoint())); }
 *   public SecretReference put(String name, byte[] value) { emulator.put(name, value); return AcmeSecret.of(name); }
 *   public SecretReference absent() { return AcmeSecret.of("no-such-secret"); }
 *   public void deny(SecretReference ref) { emulator.knobs().deny(((AcmeSecret) ref).name()); }
 *   public EmulatorKnobs knobs() { return emulator.knobs(); }
 *   public void close() { emulator.close(); }
 * }
 * }</pre>
 */
public interface StoreFixture extends AutoCloseable {
  /** The store's syntax, as its Dagger module binds it. */
  ReferenceSyntax syntax();

  /** The store's source, pointed at this fixture's emulator; built once per fixture. */
  SecretSource source();

  /**
   * Stores {@code value} under a name derived from {@code name} (unique within the fixture) and returns the
   * reference that reads exactly {@code value}. The store may encrypt or wrap the value as its real
   * counterpart does. The reference has no field, except in a store whose secrets are key/value objects
   * (Vault KV): there a JSON object {@code value} is the secret itself, read without a field, and any other
   * value is kept under one key, read with that key as the field.
   */
  SecretReference put(String name, byte[] value);

  /** Whether the store's references take a {@code #field} (most do; ciphertext references do not). */
  default boolean selectsFields() {
    return true;
  }

  /**
   * Whether a secret may be any bytes (most stores) or only text (Vault KV keeps strings, which have no
   * encoding for bytes that are not UTF-8). The contract puts only UTF-8 text into a store that holds text.
   */
  default boolean holdsBinary() {
    return true;
  }

  /**
   * Whether the source reaches its store over a transport (most stores). A store without one (the local file
   * system of {@code file://}) has no emulator and no knobs: the contract then skips the transport fault cases
   * (503, 429, reset, cut body, latency past the deadline) and never calls {@link #knobs()}.
   */
  default boolean hasTransport() {
    return true;
  }

  /** A well-formed reference of the store that names nothing the emulator holds. */
  SecretReference absent();

  /**
   * Makes the emulator refuse the source access to {@code reference}'s secret, as the store's access control
   * would (for most emulators: {@code knobs().deny(...)} with the reference's resource name).
   */
  void deny(SecretReference reference);

  /**
   * The knobs of the emulator that the source talks to: the contract fails requests (503, 429), resets
   * connections and cuts bodies through them. Every request the source makes for a fetch must pass them. Not
   * called when {@link #hasTransport()} is false.
   */
  EmulatorKnobs knobs();

  /** Stops the emulator. */
  @Override
  void close();
}

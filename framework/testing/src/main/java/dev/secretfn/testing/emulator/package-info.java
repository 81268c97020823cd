/**
 * What secretfn's wire-level emulators share, whichever cloud they emulate: {@link
 * dev.secretfn.testing.emulator.EmulatorKnobs} (latency and faults) and {@link
 * dev.secretfn.testing.emulator.RecordedRequest} (the request log), the API a test uses next to an emulator's own.
 *
 * <p>{@link dev.secretfn.testing.emulator.HttpEmulator}, {@link dev.secretfn.testing.emulator.Reply}, {@link
 * dev.secretfn.testing.emulator.Json}, {@link dev.secretfn.testing.emulator.UriCodec}, {@link
 * dev.secretfn.testing.emulator.EmulatedCiphertext}, {@link dev.secretfn.testing.emulator.VersionedObjects} and
 * {@link dev.secretfn.testing.emulator.Digests} are building blocks for emulators, public only so that the
 * emulator artifacts ({@code secretfn-testing-gcp}, {@code -aws}, {@code -vault}) and a store author's own
 * emulator can share them: they are not an API for tests and may change in any release.
 *
 * <p>An emulator serves plain HTTP on 127.0.0.1; {@link dev.secretfn.testing.emulator.HttpEmulator#startHttps}
 * serves HTTPS with a certificate of {@link dev.secretfn.testing.tls.TestPki} instead, for the tests that prove a
 * transport verifies the certificate chain and host name ({@link dev.secretfn.testing.tls.TlsCases}).
 *
 * <p>Starting the first emulator sets the system property {@code sun.net.httpserver.nodelay=true} unless it is
 * already set: the JDK server reads it once, and without it every keep-alive request pays ~40 ms. This module is
 * never on a function's production class path.
 */
package dev.secretfn.testing.emulator;

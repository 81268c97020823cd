/**
 * TLS for tests, and only for tests: {@link dev.secretfn.testing.tls.TestPki} (a test CA and the server
 * certificates a TLS test needs, generated once per JVM with the JDK's {@code keytool}), {@link
 * dev.secretfn.testing.tls.TestTrust} (makes the JVM's default {@code HttpsURLConnection} trust, which secretfn's
 * lean transport uses, trust the test CA until closed), and {@link dev.secretfn.testing.tls.TlsCases} (the
 * refusals a store's lean transport must make, as dynamic tests). {@code
 * dev.secretfn.testing.emulator.HttpEmulator#startHttps} serves an emulator over HTTPS with one of these
 * certificates.
 *
 * <h2>WARNING</h2>
 * Nothing here belongs on a production class path: the keys protect nothing, and {@code TestTrust} changes
 * global state of the JVM.
 */
package dev.secretfn.testing.tls;

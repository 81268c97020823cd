package dev.secretfn.testing.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes the JVM's {@link HttpsURLConnection}s, and so secretfn's lean transport ({@code
 * dev.secretfn.internal.HttpExchange}), trust the given test certificate authorities, and only them, until
 * closed. Chain and host name are still verified as always: only the trust anchors change.
 *
 * <pre>{@code
 * @ResourceLock(TestTrust.RESOURCE)
 * class AcmeTlsTest {
 *   @Test
 *   @SuppressWarnings("try") // javac's -Xlint:try: the trust is used by being in force
 *   void fetch_overHttps_verifiesTheEmulatorsCertificate() throws Exception {
 *     try (HttpEmulator https = HttpEmulator.startHttps("acme", service, TestPki.shared().loopback());
 *          TestTrust trust = TestTrust.install(TestPki.shared().ca())) {
 *       ...
 *     }
 *   }
 * }
 * }</pre>
 *
 * <h2>WARNING</h2>
 * Global: it replaces {@link HttpsURLConnection#setDefaultSSLSocketFactory the default socket factory} of every
 * {@code HttpsURLConnection} created in this JVM while it is installed, whichever thread or test creates it, and
 * {@link #close()} puts the previous factory back. Mark every test that installs it, and every test whose
 * outcome depends on the JVM's default trust, with JUnit's {@code @ResourceLock(TestTrust.RESOURCE)}, so that
 * tests run in parallel cannot see each other's trust. It does not reach clients with trust stores of their own
 * (google-http-client's {@code NetHttpTransport}, the AWS SDK's HTTP clients when configured with a trust
 * manager). Test-only: never install it in production code.
 */
public final class TestTrust implements AutoCloseable {
  /** The JUnit resource lock name for the JVM's default TLS trust: {@code @ResourceLock(TestTrust.RESOURCE)}. */
  public static final String RESOURCE = "dev.secretfn.testing.tls.TestTrust";

  private final SSLSocketFactory previous;
  private boolean closed; // guarded by this

  private TestTrust(SSLSocketFactory previous) {
    this.previous = previous;
  }

  /**
   * Trusts {@code anchors} (typically {@link TestPki#ca()}) and nothing else for every {@code
   * HttpsURLConnection} created until {@link #close()}.
   */
  public static TestTrust install(X509Certificate... anchors) {
    if (anchors.length == 0) {
      throw new IllegalArgumentException("install at least one trust anchor (for example TestPki.shared().ca())");
    }
    SSLSocketFactory factory = socketFactory(anchors);
    SSLSocketFactory previous = HttpsURLConnection.getDefaultSSLSocketFactory();
    HttpsURLConnection.setDefaultSSLSocketFactory(factory);
    return new TestTrust(previous);
  }

  /**
   * Puts back the default socket factory that was in place before {@link #install}; idempotent. Nested installs
   * must close in reverse order, as try-with-resources does.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    HttpsURLConnection.setDefaultSSLSocketFactory(previous);
  }

  private static SSLSocketFactory socketFactory(X509Certificate... anchors) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < anchors.length; i++) {
        store.setCertificateEntry("anchor-" + i, Objects.requireNonNull(anchors[i], "anchor"));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context that trusts the test CA", e);
    }
  }

  @Override
  public synchronized String toString() {
    return "TestTrust[" + (closed ? "closed" : "installed") + "]";
  }
}

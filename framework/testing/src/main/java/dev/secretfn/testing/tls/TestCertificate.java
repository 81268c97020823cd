package dev.secretfn.testing.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's TLS identity from {@link TestPki}: a private key and the certificate chain a server presents with it
 * (the leaf first, then its issuer when there is one). Immutable and thread-safe.
 *
 * <pre>{@code
 * HttpEmulator https = HttpEmulator.startHttps("stub", service, TestPki.shared().loopback());
 * }</pre>
 *
 * <h2>WARNING</h2>
 * Test-only: the key is generated for the tests of one JVM, kept in plain memory and protects nothing.
 */
public final class TestCertificate {
  /** Protects the key inside the in-memory key store only; a key store wants one. */
  private static final char[] STORE_PASSWORD = "secretfn-test".toCharArray();

  private final String name;
  private final PrivateKey key;
  private final List<X509Certificate> chain;

  TestCertificate(String name, PrivateKey key, List<X509Certificate> chain) {
    this.name = Objects.requireNonNull(name, "name");
    this.key = Objects.requireNonNull(key, "key");
    this.chain = List.copyOf(chain);
    if (this.chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain has at least the leaf");
    }
  }

  /** What this identity is for, such as {@code loopback} or {@code expired}; it names the case in a test. */
  public String name() {
    return name;
  }

  /** The leaf certificate, the one that names the server. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The chain a server presents: the leaf first, then its issuer when it has one. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * A new server-side {@link SSLContext} that presents this identity (for {@code HttpsServer} or an {@code
   * SSLServerSocket}); it trusts nothing, as a server that asks for no client certificate needs nothing.
   */
  public SSLContext serverContext() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, STORE_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build a TLS server context for the " + name + " test certificate",
          e);
    }
  }

  /** The name and the leaf's subject; never the key. */
  @Override
  public String toString() {
    return "TestCertificate[" + name + ", " + leaf().getSubjectX500Principal().getName() + "]";
  }
}

package dev.secretfn.testing.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The test PKI's certificates say what their names promise, and {@link TestTrust} restores what it replaced. */
class TestPkiTest {
  private final TestPki pki = TestPki.shared();

  @Test
  void shared_calledTwice_generatesOnce() {
    assertThat(TestPki.shared()).isSameAs(pki);
  }

  @Test
  void ca_isACertificateAuthorityValidNow() throws Exception {
    X509Certificate ca = pki.ca();

    ca.checkValidity();
    ca.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(ca.getSubjectX500Principal().getName()).contains("CN=secretfn test CA");
  }

  @Test
  void loopback_signedByTheCaForTheLoopbackNames_validNow() throws Exception {
    X509Certificate leaf = pki.loopback().leaf();

    leaf.checkValidity();
    leaf.verify(pki.ca().getPublicKey());
    assertThat(names(leaf)).containsExactlyInAnyOrder("127.0.0.1", "localhost", "0:0:0:0:0:0:0:1");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
    assertThat(pki.loopback().chain()).containsExactly(leaf, pki.ca());
  }

  @Test
  void otherHost_signedByTheCaForAnotherNameOnly() throws Exception {
    X509Certificate leaf = pki.otherHost().leaf();

    leaf.checkValidity();
    leaf.verify(pki.ca().getPublicKey());
    assertThat(names(leaf)).containsExactly("other.example");
  }

  @Test
  void expired_signedByTheCaForTheLoopbackNames_expired() throws Exception {
    X509Certificate leaf = pki.expired().leaf();

    leaf.verify(pki.ca().getPublicKey());
    assertThat(names(leaf)).contains("127.0.0.1");
    assertThatThrownBy(leaf::checkValidity).isInstanceOf(CertificateExpiredException.class);
  }

  @Test
  void selfSigned_forTheLoopbackNames_signedByItself() throws Exception {
    X509Certificate leaf = pki.selfSigned().leaf();

    leaf.checkValidity();
    leaf.verify(leaf.getPublicKey());
    assertThat(names(leaf)).contains("127.0.0.1", "localhost");
    assertThat(pki.selfSigned().chain()).containsExactly(leaf);
    assertThatThrownBy(() -> leaf.verify(pki.ca().getPublicKey())).isInstanceOf(Exception.class);
  }

  @Test
  void toString_namesTheIdentityNotTheKey() {
    assertThat(pki.loopback().toString()).isEqualTo("TestCertificate[loopback, CN=127.0.0.1,O=secretfn tests]");
  }

  @Test
  @ResourceLock(TestTrust.RESOURCE)
  void testTrust_close_restoresTheFactoryItReplaced() {
    SSLSocketFactory before = HttpsURLConnection.getDefaultSSLSocketFactory();

    TestTrust trust = TestTrust.install(pki.ca());
    SSLSocketFactory during = HttpsURLConnection.getDefaultSSLSocketFactory();
    trust.close();
    trust.close(); // idempotent

    assertThat(during).isNotSameAs(before);
    assertThat(HttpsURLConnection.getDefaultSSLSocketFactory()).isSameAs(before);
  }

  @Test
  void testTrust_withoutAnchors_isRefused() {
    assertThatThrownBy(TestTrust::install).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one trust anchor");
  }

  private static List<String> names(X509Certificate certificate) throws Exception {
    Collection<List<?>> names = certificate.getSubjectAlternativeNames();
    return names.stream().map(n -> String.valueOf(n.get(1))).collect(Collectors.toList());
  }
}

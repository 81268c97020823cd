package dev.secretfn.testing.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.tls.TlsCases.Refusal;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TlsCases fails a transport that accepts what it must refuse, or refuses it in a way that invites retries. */
@ResourceLock(TestTrust.RESOURCE)
class TlsCasesTest {
  @ParameterizedTest
  @EnumSource(value = Refusal.class, names = "PLAIN_HTTP_TO_A_REMOTE_HOST", mode = EnumSource.Mode.EXCLUDE)
  void assertRefused_transportThatTrustsAnything_fails(Refusal refusal) {
    assertThatThrownBy(() -> TlsCases.assertRefused(refusal, TlsCasesTest::getTrustingAnything))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the attempt succeeded; it must be refused");
  }

  @Test
  void assertRefused_plainHttpAccepted_fails() {
    assertThatThrownBy(() -> TlsCases.assertRefused(Refusal.PLAIN_HTTP_TO_A_REMOTE_HOST, endpoint -> { }))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the attempt succeeded");
  }

  @Test
  void assertRefused_retryableFailure_fails() {
    assertThatThrownBy(() -> TlsCases.assertRefused(Refusal.EXPIRED_CERTIFICATE, endpoint -> {
      throw SourceException.retryable(Step.FETCH, "TLS certificate of " + endpoint.getHost() + " refused");
    })).isInstanceOf(AssertionError.class).hasMessageContaining("retryable");
  }

  @Test
  void assertRefused_failureThatDoesNotNameTheHost_fails() {
    assertThatThrownBy(() -> TlsCases.assertRefused(Refusal.UNTRUSTED_CERTIFICATE, endpoint -> {
      throw SourceException.permanent(Step.FETCH, "the TLS certificate was refused");
    })).isInstanceOf(AssertionError.class).hasMessageContaining("must name the endpoint's host 127.0.0.1");
  }

  @Test
  void assertRefused_failureThatDoesNotSayTls_fails() {
    assertThatThrownBy(() -> TlsCases.assertRefused(Refusal.UNTRUSTED_CERTIFICATE, endpoint -> {
      throw SourceException.permanent(Step.FETCH, "cannot reach " + endpoint.getHost());
    })).isInstanceOf(AssertionError.class).hasMessageContaining("must say that TLS or the certificate");
  }

  @Test
  void assertRefused_plainIoException_fails() {
    assertThatThrownBy(() -> TlsCases.assertRefused(Refusal.CERTIFICATE_FOR_ANOTHER_HOST, endpoint -> {
      throw new IOException("connection reset by " + endpoint.getHost());
    })).isInstanceOf(AssertionError.class).hasMessageContaining("got java.io.IOException");
  }

  @Test
  void assertRefused_permanentFailureNamingHostAndTls_passes() {
    assertThatCode(() -> TlsCases.assertRefused(Refusal.EXPIRED_CERTIFICATE, endpoint -> {
      throw SourceException.permanent(Step.FETCH, "refused the TLS certificate of " + endpoint.getHost());
    })).doesNotThrowAnyException();
    assertThatCode(() -> TlsCases.assertRefused(Refusal.CERTIFICATE_FOR_ANOTHER_HOST, endpoint -> {
      throw new SSLException("bad certificate from " + endpoint.getHost());
    })).doesNotThrowAnyException();
  }

  @Test
  void assertTrustedCertificateIsAccepted_attemptThatIgnoresTheEndpoint_fails() {
    assertThatThrownBy(() -> TlsCases.assertTrustedCertificateIsAccepted(endpoint -> {
      throw SourceException.permanent(Step.FETCH, "refused the TLS certificate of " + endpoint.getHost());
    })).isInstanceOf(AssertionError.class).hasMessageContaining("no request arrived");
  }

  /** A transport as it must never be: any certificate, any host name. */
  private static void getTrustingAnything(URI endpoint) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new SecureRandom());
    HttpsURLConnection connection = (HttpsURLConnection) endpoint.resolve("/x").toURL().openConnection();
    connection.setSSLSocketFactory(context.getSocketFactory());
    connection.setHostnameVerifier((host, session) -> true);
    connection.getResponseCode();
    connection.disconnect();
  }
}

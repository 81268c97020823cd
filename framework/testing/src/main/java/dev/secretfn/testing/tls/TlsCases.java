package dev.secretfn.testing.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.secretfn.SecretResolutionException;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.emulator.HttpEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.emulator.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.DynamicTest;

/**
 * The TLS refusals every lean transport must make, for a store's own tests: given a way to resolve one reference
 * against an endpoint, it points that at an HTTPS emulator presenting a certificate for another host, an
 * untrusted (self-signed) certificate and an expired one, and at plain HTTP on a remote host, and checks that
 * each is refused with a clear failure that no retry could fix. A control case proves that the same resolver,
 * with a good certificate, does reach the endpoint, so that the refusals are the certificate's doing.
 *
 * <pre>{@code
 * @ResourceLock(TestTrust.RESOURCE)   // the cases install the test CA into the JVM's default trust
 * class CloudKmsTlsTest {
 *   @TestFactory
 *   Stream<DynamicTest> leanTransport_badEndpoints_areRefused() {
 *     return TlsCases.refusals(endpoint -> {
 *       GcpSettings settings = GcpSettings.builder().kmsEndpoint(endpoint).build();
 *       SecretSource source = ...the store's source with these settings, on the lean transport...;
 *       source.fetch(Fetch.of(reference, List.of("DB_PASSWORD"), Duration.ofSeconds(5), 1));
 *     });
 *   }
 * }
 * }</pre>
 *
 * <p>What counts as a refusal: the attempt throws, no request reaches the emulator, and what it threw is
 * <ul>
 *   <li>a {@link SourceException} that is not {@link SourceException#isRetryable() retryable}, or a {@link
 *       SecretResolutionException} whose every failure is not, whose message (with its hint) names the endpoint's
 *       host ({@code 127.0.0.1}) and, for a certificate, says {@code certificate} or {@code TLS}; or
 *   <li>for a certificate, an {@link SSLException} (the transport's own, such as {@code HttpExchange}'s) that
 *       names the host and says {@code certificate} or {@code TLS}; or
 *   <li>for plain HTTP to a remote host, an {@link IllegalArgumentException} naming the host (the endpoint
 *       settings refuse it before any client exists, as {@code EmulatorEndpoint.requireLoopback} does).
 * </ul>
 * A retryable failure fails the case: the resolver would spend its deadline retrying what cannot pass.
 *
 * <h2>WARNING</h2>
 * Each case installs {@link TestTrust} (trusting {@link TestPki#ca()}), which is global: mark the test class or
 * factory method with {@code @ResourceLock(TestTrust.RESOURCE)}. It covers transports that use the JVM's default
 * trust, as {@code HttpsURLConnection} does; a client with its own trust store (the official Google clients)
 * would refuse every case for want of the CA, and its control case fails to show it.
 */
public final class TlsCases {
  /**
   * The remote plain-HTTP endpoint: an address of TEST-NET-1 (RFC 5737), reserved for documentation and never
   * routed, so that a transport that did try to connect would hang until its timeout instead of reaching anyone.
   */
  public static final URI REMOTE_PLAIN_HTTP = URI.create("http://192.0.2.1:8080");

  /** Long enough for a store to build its transport on a loaded machine, short of hanging a build. */
  private static final Duration CASE_TIMEOUT = Duration.ofSeconds(60);

  private static final String HOST = "127.0.0.1";

  /** Answers every request 404 in Google's JSON error format: reaching it is all the control case asks. */
  private static final HttpEmulator.Service STUB = new HttpEmulator.Service() {
    @Override
    public Reply serve(RecordedRequest request) {
      return failure(request, 404);
    }

    @Override
    public Reply failure(RecordedRequest request, int httpStatus) {
      return Reply.json(httpStatus, Map.of("error", Map.of("code", httpStatus, "status",
          httpStatus == 404 ? "NOT_FOUND" : "UNAVAILABLE", "message", "TlsCases answers every request with an error")));
    }
  };

  private TlsCases() {}

  /** One attempt to resolve one reference against {@code endpoint}; it throws whatever the store throws. */
  @FunctionalInterface
  public interface Attempt {
    void resolve(URI endpoint) throws Exception;
  }

  /** The endpoints a lean transport must refuse. */
  public enum Refusal {
    /** An HTTPS emulator on 127.0.0.1 presenting {@link TestPki#otherHost()}: the host name does not match. */
    CERTIFICATE_FOR_ANOTHER_HOST,
    /** An HTTPS emulator on 127.0.0.1 presenting {@link TestPki#selfSigned()}: no trusted CA signed it. */
    UNTRUSTED_CERTIFICATE,
    /** An HTTPS emulator on 127.0.0.1 presenting {@link TestPki#expired()}. */
    EXPIRED_CERTIFICATE,
    /** {@link #REMOTE_PLAIN_HTTP}: plain HTTP to a host that is not this machine. */
    PLAIN_HTTP_TO_A_REMOTE_HOST;

    String display() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
  }

  /**
   * One dynamic test per {@link Refusal}, and the control case ({@link #assertTrustedCertificateIsAccepted}),
   * for a {@code @TestFactory} method.
   */
  public static Stream<DynamicTest> refusals(Attempt attempt) {
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("control: a trusted certificate for 127.0.0.1 reaches the endpoint",
        () -> assertTrustedCertificateIsAccepted(attempt)));
    for (Refusal refusal : Refusal.values()) {
      tests.add(DynamicTest.dynamicTest(refusal.display() + " is refused", () -> assertRefused(refusal, attempt)));
    }
    return tests.stream();
  }

  /** Asserts that {@code attempt} refuses the endpoint of {@code refusal}, as the class documentation says. */
  @SuppressWarnings("try") // the trust is in force while the try runs; nothing calls it
  public static void assertRefused(Refusal refusal, Attempt attempt) {
    if (refusal == Refusal.PLAIN_HTTP_TO_A_REMOTE_HOST) {
      Throwable thrown = outcome(attempt, REMOTE_PLAIN_HTTP);
      assertClearRefusal(refusal, REMOTE_PLAIN_HTTP.getHost(), thrown, false);
      return;
    }
    TestPki pki = TestPki.shared();
    TestCertificate certificate = refusal == Refusal.CERTIFICATE_FOR_ANOTHER_HOST ? pki.otherHost()
        : refusal == Refusal.UNTRUSTED_CERTIFICATE ? pki.selfSigned() : pki.expired();
    try (HttpEmulator https = HttpEmulator.startHttps("tls-case", STUB, certificate);
        TestTrust trust = TestTrust.install(pki.ca())) {
      Throwable thrown = outcome(attempt, URI.create(https.endpoint()));
      assertClearRefusal(refusal, HOST, thrown, true);
      assertTrue(https.requests().isEmpty(),
          refusal.display() + ": no request may cross a refused handshake, but the emulator got "
              + https.requests());
    }
  }

  /**
   * The control case: with {@link TestPki#loopback()} presented and {@link TestPki#ca()} trusted, {@code attempt}
   * gets a request to the emulator (which answers 404 Not Found in Google's JSON error format; whatever the
   * attempt makes of that is not checked). Without it, a resolver that ignored the endpoint would pass every
   * refusal.
   */
  @SuppressWarnings("try") // the trust is in force while the try runs; nothing calls it
  public static void assertTrustedCertificateIsAccepted(Attempt attempt) {
    TestPki pki = TestPki.shared();
    try (HttpEmulator https = HttpEmulator.startHttps("tls-case", STUB, pki.loopback());
        TestTrust trust = TestTrust.install(pki.ca())) {
      Throwable thrown = outcome(attempt, URI.create(https.endpoint()));
      assertFalse(https.requests().isEmpty(), () -> "with a trusted certificate for 127.0.0.1 the attempt must reach"
          + " " + https.endpoint() + ", but no request arrived" + (thrown == null ? "" : "; it threw " + thrown));
    }
  }

  private static Throwable outcome(Attempt attempt, URI endpoint) {
    return assertTimeoutPreemptively(CASE_TIMEOUT, () -> {
      try {
        attempt.resolve(endpoint);
        return null;
      } catch (Exception e) {
        return e;
      }
    }, () -> "resolving against " + endpoint + " took over " + CASE_TIMEOUT.toSeconds() + " s: a refusal is"
        + " immediate");
  }

  private static void assertClearRefusal(Refusal refusal, String host, Throwable thrown, boolean certificate) {
    String what = refusal.display();
    if (thrown == null) {
      fail(what + ": the attempt succeeded; it must be refused");
    }
    List<String> messages = new ArrayList<>();
    if (thrown instanceof SourceException) {
      SourceException e = (SourceException) thrown;
      assertFalse(e.isRetryable(), () -> what + ": no retry can fix this, but the failure is retryable: " + e);
      messages.add(e.getMessage() + e.hint().map(h -> " " + h).orElse(""));
    } else if (thrown instanceof SecretResolutionException) {
      for (SecretResolutionException.Failure failure : ((SecretResolutionException) thrown).failures()) {
        assertFalse(failure.isRetryable(),
            () -> what + ": no retry can fix this, but the failure is retryable: " + failure);
        messages.add(failure.toString());
      }
    } else if (certificate && thrown instanceof SSLException) {
      messages.add(thrown.getMessage());
    } else if (!certificate && thrown instanceof IllegalArgumentException) {
      messages.add(thrown.getMessage());
    } else {
      throw new AssertionError(what + ": expected a non-retryable SourceException, a SecretResolutionException or "
          + (certificate ? "an SSLException" : "an IllegalArgumentException") + ", got " + thrown, thrown);
    }
    for (String message : messages) {
      String text = String.valueOf(message);
      assertTrue(text.contains(host), () -> what + ": the failure must name the endpoint's host " + host + ": "
          + text);
      if (certificate) {
        String lower = text.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("certificate") || lower.contains("tls"),
            () -> what + ": the failure must say that TLS or the certificate is the problem: " + text);
      }
    }
  }
}

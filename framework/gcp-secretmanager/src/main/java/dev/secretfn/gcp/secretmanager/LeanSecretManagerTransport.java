package dev.secretfn.gcp.secretmanager;

import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GoogleAuth;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerErrors;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The lean transport: Secret Manager's documented REST API over the JDK's {@code HttpURLConnection} ({@link
 * HttpExchange}), with Google's credentials from {@link GoogleAuth}. Regional secrets go to their regional
 * endpoint; with an emulator endpoint every call goes there, without credentials, as the official client does with
 * {@code NoCredentialsProvider}. Never holds more than an answer a payload of the size limit can make. No client
 * library, no thread, nothing built before the first call but this object.
 */
final class LeanSecretManagerTransport implements SecretManagerTransport {
  /** Priming reads this version of a secret in a project that does not exist, without credentials. */
  static final String PRIMING_NAME = "projects/secretfn-priming/secrets/priming/versions/1";
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** Room for the JSON around the base64 payload and for Google's error bodies. */
  private static final int ANSWER_OVERHEAD = 16 * 1024;

  private final Optional<URI> emulator;
  /** Empty for an emulator endpoint: no credentials are sent there. */
  private final Optional<Provider<GoogleAuth>> auth;
  private final int maxBytes;

  @Inject
  LeanSecretManagerTransport(GcpConfig config, Provider<GoogleAuth> auth) {
    this(config.secretManagerEndpoint(), config.secretManagerEndpoint().isPresent() ? Optional.empty()
        : Optional.of(auth), config.maxObjectBytes());
    config.secretManagerEndpoint().ifPresent(e -> LOG.log(Level.WARNING, "secretfn: Secret Manager endpoint"
        + " overridden to " + e + " (local emulator; no credentials sent)"));
  }

  /** For tests: any endpoint for every secret (or Google's), with or without credentials. */
  LeanSecretManagerTransport(Optional<URI> emulator, Optional<Provider<GoogleAuth>> auth, int maxBytes) {
    this.emulator = emulator.map(HttpExchange::requireSafe);
    this.auth = auth;
    this.maxBytes = maxBytes;
  }

  /** The endpoint that serves a secret in {@code location} (empty: a global secret). */
  URI endpoint(Optional<String> location) {
    return emulator.orElseGet(() -> SecretManagerRest.endpoint(location));
  }

  @Override
  public Answer access(Request request, Duration timeout) throws SourceException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String name = request.versionName();
    URI uri = SecretManagerRest.accessUri(endpoint(request.location()), name);
    Map<String, String> headers = new LinkedHashMap<>();
    if (auth.isPresent()) {
      headers.putAll(auth.get().get().headers(uri, timeout));
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw SecretManagerErrors.timeout(name); // the credentials took all the time there was
    }
    HttpExchange.Response response = exchange(uri, headers, Duration.ofNanos(left), name);
    try {
      return answer(response, request);
    } finally {
      response.wipe();
    }
  }

  /**
   * Runs the request path without a secret or a credential, never asking {@link GoogleAuth}: parses a canned
   * answer, then reads {@link #PRIMING_NAME} without credentials on the global endpoint (Secret Manager answers
   * 401, an emulator 404) and classifies the error. Asks the server to close the connection, so that no pooled
   * connection outlives a snapshot.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    byte[] data = "priming".getBytes(StandardCharsets.US_ASCII);
    byte[] canned = ("{\"name\":\"projects/1/secrets/priming/versions/1\",\"payload\":{\"data\":\"cHJpbWluZw==\","
        + "\"dataCrc32c\":\"" + SecretVersionReader.crc32c(data) + "\"}}").getBytes(StandardCharsets.US_ASCII);
    try {
      Arrays.fill(SecretManagerRest.answer(canned, "priming").data, (byte) 0);
    } catch (SecretManagerRest.MalformedAnswerException e) {
      throw new AssertionError(e); // the canned answer is well-formed
    }
    try {
      URI uri = SecretManagerRest.accessUri(endpoint(Optional.empty()), PRIMING_NAME);
      // Connect and read are each bounded by the timeout: give each half of it.
      HttpExchange.Response response = exchange(uri, Map.of("Connection", "close"), timeout.dividedBy(2),
          PRIMING_NAME);
      try {
        Arrays.fill(answer(response, new Request(PRIMING_NAME, Optional.empty(), OptionalLong.of(1)))
            .data(), (byte) 0);
      } finally {
        response.wipe();
      }
    } catch (SourceException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "secretfn: primed the Secret Manager transport (" + e.getMessage() + ")");
    }
  }

  private HttpExchange.Response exchange(URI uri, Map<String, String> headers, Duration timeout, String name)
      throws SourceException, InterruptedException {
    int limit = maxBytes / 3 * 4 + 4 + ANSWER_OVERHEAD;
    try {
      return HttpExchange.exchange("GET", uri, headers, null, timeout, limit);
    } catch (HttpExchange.BodyTooLargeException e) {
      // Only a payload over the limit makes Secret Manager's answer this large: say so, as the reader does for a
      // payload just over it (and the official client's transport for any).
      throw SecretManagerErrors.tooLarge(name, maxBytes).withCause(e);
    } catch (IOException e) {
      throw SecretManagerErrors.unanswered(e, name);
    }
  }

  private static Answer answer(HttpExchange.Response response, Request request)
      throws SourceException, InterruptedException {
    String name = request.versionName();
    byte[] body = response.body();
    if (response.status() / 100 != 2) {
      throw SecretManagerErrors.answered(response.status(), body, name, request.version());
    }
    String secret = name.substring(0, name.indexOf("/versions/"));
    SecretManagerRest.Answer answer;
    try {
      answer = SecretManagerRest.answer(body, secret.substring(secret.lastIndexOf('/') + 1));
    } catch (SecretManagerRest.MalformedAnswerException e) {
      throw SecretVersionReader.malformed(name, e.getMessage());
    }
    return new Answer(answer.name, answer.data, answer.crc32c);
  }

  @Override
  public String toString() {
    return "LeanSecretManagerTransport[" + emulator.map(e -> e + ", no credentials").orElse("Google's endpoints")
        + "]";
  }
}

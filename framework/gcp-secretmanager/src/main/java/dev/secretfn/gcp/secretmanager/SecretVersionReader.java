package dev.secretfn.gcp.secretmanager;

import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GoogleApiError;
import dev.secretfn.gcp.internal.GoogleAuth;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * One AccessSecretVersion call on the lean transport: Secret Manager's documented REST API over the JDK's {@code
 * HttpURLConnection} ({@link HttpExchange}), credentials from {@link GoogleAuth}, the payload's CRC32C ({@code
 * dataCrc32c}) verified, the size limit applied. Shared by the {@code sm://} and {@code gcp-sm://} sources.
 * Regional secrets go to their regional endpoint; with an emulator endpoint every call goes there, without
 * credentials. Thread-safe; builds nothing before the first call.
 */
@Singleton
final class SecretVersionReader {
  /** Priming reads this version of a secret in a project that does not exist, without credentials. */
  static final String PRIMING_NAME = "projects/secretfn-priming/secrets/priming/versions/1";
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** Room for the JSON around the base64 payload and for Google's error bodies. */
  private static final int ANSWER_OVERHEAD = 16 * 1024;

  private final Optional<URI> emulator;
  /** Empty for an emulator endpoint: no credentials are sent there. */
  private final Optional<Provider<GoogleAuth>> auth;
  private final int maxBytes;
  /** Both sources prime this one reader: once is enough. */
  private final AtomicBoolean primed = new AtomicBoolean();

  @Inject
  SecretVersionReader(GcpConfig config, Provider<GoogleAuth> auth) {
    this(config.secretManagerEndpoint(), config.secretManagerEndpoint().isPresent() ? Optional.empty()
        : Optional.of(auth), config.maxObjectBytes());
    config.secretManagerEndpoint().ifPresent(e -> LOG.log(Level.WARNING, "secretfn: Secret Manager endpoint"
        + " overridden to " + e + " (local emulator; no credentials sent)"));
  }

  /** For tests: any endpoint for every secret (or Google's), with or without credentials. */
  SecretVersionReader(Optional<URI> emulator, Optional<Provider<GoogleAuth>> auth, int maxBytes) {
    this.emulator = emulator.map(HttpExchange::requireSafe);
    this.auth = auth;
    this.maxBytes = maxBytes;
  }

  /** The endpoint that serves a secret in {@code location} (empty: a global secret). */
  URI endpoint(Optional<String> location) {
    return emulator.orElseGet(() -> SecretManagerRest.endpoint(location));
  }

  /**
   * Reads version {@code name} ({@code projects/P[/locations/L]/secrets/S/versions/V}) within {@code timeout}.
   *
   * @param version the version the reference pins; empty for {@code latest}
   * @param describe how logs name the reference
   */
  Secret read(String name, Optional<String> location, OptionalLong version, String describe, Duration timeout)
      throws SourceException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri = SecretManagerRest.accessUri(endpoint(location), name);
    Map<String, String> headers = new LinkedHashMap<>();
    if (auth.isPresent()) {
      headers.putAll(auth.get().get().headers(uri, timeout));
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw SecretManagerErrors.timeout(name); // the credentials took all the time there was
    }
    HttpExchange.Response response = exchange(uri, headers, Duration.ofNanos(left), name);
    SecretManagerRest.Answer answer;
    try {
      answer = answer(response, name, version);
    } finally {
      response.wipe();
    }
    try {
      if (answer.data.length > maxBytes) {
        throw SourceException.permanent(Step.DECODE, "the payload of " + name + " is larger than the " + maxBytes
            + "-byte limit").withHint(SecretManagerErrors.SIZE_HINT);
      }
      if (answer.crc32c.isPresent() && answer.crc32c.getAsLong() != crc32c(answer.data)) {
        throw SourceException.retryable(Step.VERIFY, "the payload Secret Manager returned for " + name
            + " failed its CRC32C check (corrupted in transit)");
      }
      if (answer.crc32c.isEmpty()) {
        // Unlike Cloud KMS's plaintextCrc32c, dataCrc32c is not always there: Google documents that versions
        // encrypted with a customer-managed key (CMEK) before 2021-07-16 have no stored checksum and are answered
        // without one. Refusing would lock such secrets out; the checksum guards against corruption, not an
        // attacker (TLS does that), so accept, and say so where an operator sees it.
        LOG.log(Level.INFO, () -> "secretfn: " + describe + " read version " + answer.version + " unverified: it"
            + " carries no CRC32C (dataCrc32c), as Secret Manager answers for a CMEK version created before"
            + " 2021-07-16; add the value as a new version to get a checksum");
      }
      if (version.isEmpty()) {
        LOG.log(Level.INFO, () -> "secretfn: " + describe + " read version " + answer.version + " (latest)");
      }
      return Secret.copyOf(answer.data);
    } finally {
      Arrays.fill(answer.data, (byte) 0);
    }
  }

  /**
   * Runs the request path without a secret or a credential, never asking {@link GoogleAuth}: parses a canned
   * answer, then reads {@link #PRIMING_NAME} without credentials on the global endpoint (Secret Manager answers
   * 401, an emulator 404) and classifies the error. Asks the server to close the connection, so that no pooled
   * connection outlives a snapshot. Runs once per reader.
   */
  void prime(Duration timeout) throws InterruptedException {
    if (!primed.compareAndSet(false, true)) {
      return;
    }
    byte[] data = "priming".getBytes(StandardCharsets.US_ASCII);
    byte[] canned = ("{\"name\":\"projects/1/secrets/priming/versions/1\",\"payload\":{\"data\":\"cHJpbWluZw==\","
        + "\"dataCrc32c\":\"" + crc32c(data) + "\"}}").getBytes(StandardCharsets.US_ASCII);
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
        Arrays.fill(answer(response, PRIMING_NAME, OptionalLong.of(1)).data, (byte) 0);
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
      throw SourceException.permanent(Step.DECODE, "Secret Manager's answer for " + name + " is larger than a"
          + " payload of the " + maxBytes + "-byte limit").withCause(e).withHint(SecretManagerErrors.SIZE_HINT);
    } catch (IOException e) {
      throw SecretManagerErrors.unanswered(e, name);
    }
  }

  private static SecretManagerRest.Answer answer(HttpExchange.Response response, String name, OptionalLong version)
      throws SourceException, InterruptedException {
    byte[] body = response.body();
    if (response.status() / 100 != 2) {
      throw SecretManagerErrors.answered(GoogleApiError.status(response.status(), body), detail(body), name,
          version);
    }
    String secret = name.substring(0, name.indexOf("/versions/"));
    SecretManagerRest.Answer answer;
    try {
      answer = SecretManagerRest.answer(body, secret.substring(secret.lastIndexOf('/') + 1));
    } catch (SecretManagerRest.MalformedAnswerException e) {
      // Never seen from Secret Manager itself: something in between answered; another attempt may reach it.
      throw SourceException.retryable(Step.FETCH, "Secret Manager's answer for " + name + " is not the documented"
          + " AccessSecretVersion JSON: " + e.getMessage());
    }
    if (version.isPresent() && answer.version != version.getAsLong()) {
      Arrays.fill(answer.data, (byte) 0);
      throw SourceException.retryable(Step.FETCH, "Secret Manager answered for " + name + " with another version");
    }
    return answer;
  }

  /** Which of the fixes applies, from the error's message (searched, never kept). */
  private static SecretManagerErrors.Detail detail(byte[] body) {
    for (SecretManagerErrors.Detail d : SecretManagerErrors.Detail.values()) {
      if (d != SecretManagerErrors.Detail.NONE
          && GoogleApiError.messageMatches(body, m -> SecretManagerErrors.Detail.of(m) == d)) {
        return d;
      }
    }
    return SecretManagerErrors.Detail.NONE;
  }

  /** The unsigned CRC32C (Castagnoli) of {@code data}, as Secret Manager's int64 {@code dataCrc32c} carries it. */
  static long crc32c(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    return crc.getValue();
  }

  @Override
  public String toString() {
    return "SecretVersionReader[" + emulator.map(e -> e + ", no credentials").orElse("Google's endpoints") + "]";
  }
}

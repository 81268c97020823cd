package dev.secretfn.gcp.kms;

import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GcpErrors;
import dev.secretfn.gcp.internal.GoogleApiError;
import dev.secretfn.gcp.internal.GoogleAuth;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.gcp.kms.internal.CloudKmsTransport;
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

/**
 * The lean transport: Cloud KMS's documented REST API over the JDK's {@code HttpURLConnection} ({@link
 * HttpExchange}), with Google's credentials from {@link GoogleAuth}. No client library, no thread, nothing built
 * before the first call but this object. With an emulator endpoint it sends no credentials, as the official
 * client does with {@code NoCredentialsProvider}.
 */
final class LeanCloudKmsTransport implements CloudKmsTransport {
  static final URI DEFAULT_ENDPOINT = URI.create("https://cloudkms.googleapis.com");
  /** A Decrypt answer carries at most 64 KiB of plaintext, about 88 KiB in base64. */
  static final int MAX_ANSWER_BYTES = 256 * 1024;
  /** The key of the priming call: well-formed, and in a project that does not exist. */
  static final String PRIMING_KEY =
      "projects/secretfn-priming/locations/global/keyRings/priming/cryptoKeys/priming";
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final URI endpoint;
  /** Empty for an emulator endpoint: no credentials are sent there. */
  private final Optional<Provider<GoogleAuth>> auth;

  @Inject
  LeanCloudKmsTransport(GcpConfig config, Provider<GoogleAuth> auth) {
    this(config.kmsEndpoint().orElse(DEFAULT_ENDPOINT),
        config.kmsEndpoint().isPresent() ? Optional.empty() : Optional.of(auth));
    config.kmsEndpoint().ifPresent(endpoint -> LOG.log(Level.WARNING, "secretfn: Cloud KMS endpoint overridden"
        + " to " + endpoint + " (local emulator; no credentials sent)"));
  }

  /** For tests: any endpoint, with or without credentials. */
  LeanCloudKmsTransport(URI endpoint, Optional<Provider<GoogleAuth>> auth) {
    this.endpoint = HttpExchange.requireSafe(endpoint);
    this.auth = auth;
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public Answer decrypt(Request request, Duration timeout, Step step) throws SourceException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri;
    try {
      uri = CloudKmsRest.decryptUri(endpoint, request.cryptoKey());
    } catch (IllegalArgumentException e) {
      throw SourceException.permanent(step, e.getMessage())
          .withHint("name the CryptoKey, not a version or another resource");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (auth.isPresent()) {
      headers.putAll(auth.get().get().headers(uri, timeout));
    }
    HttpExchange.Response response = exchange(uri, headers, request, remaining(deadline, request, step), step);
    try {
      return read(response, request.cryptoKey(), step);
    } finally {
      response.wipe();
    }
  }

  /**
   * Runs the request path without a secret or a credential, never asking {@link GoogleAuth}: parses a canned
   * answer, then sends a Decrypt of throwaway bytes under {@link #PRIMING_KEY} without credentials and
   * classifies its error (Cloud KMS answers 401, an emulator 404). Asks the server to close the connection, so
   * that no pooled connection outlives a snapshot.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    // A Decrypt answer as Cloud KMS writes one; its plaintext is "priming". Built here, not at class load.
    byte[] answer = ("{\"plaintext\":\"cHJpbWluZw==\",\"plaintextCrc32c\":\""
        + CloudKmsDecrypter.crc32c("priming".getBytes(StandardCharsets.US_ASCII))
        + "\",\"usedPrimary\":true,\"protectionLevel\":\"SOFTWARE\"}").getBytes(StandardCharsets.US_ASCII);
    try {
      CloudKmsRest.answer(answer);
    } catch (CloudKmsRest.MalformedAnswerException e) {
      throw new AssertionError(e); // the canned answer is well-formed
    }
    byte[] throwaway = new byte[32];
    Request request = new Request(PRIMING_KEY, throwaway, CloudKmsDecrypter.crc32c(throwaway), new byte[0], 0);
    try {
      URI uri = CloudKmsRest.decryptUri(endpoint, PRIMING_KEY);
      // Connect and read are each bounded by the timeout: give each half of it.
      HttpExchange.Response response = exchange(uri, Map.of("Connection", "close"), request,
          timeout.dividedBy(2), Step.DECRYPT);
      try {
        read(response, PRIMING_KEY, Step.DECRYPT);
      } finally {
        response.wipe();
      }
    } catch (SourceException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "secretfn: primed the Cloud KMS transport (" + e.getMessage() + ")");
    }
  }

  private static HttpExchange.Response exchange(URI uri, Map<String, String> credentials, Request request,
      Duration timeout, Step step) throws SourceException, InterruptedException {
    Map<String, String> headers = new LinkedHashMap<>(credentials);
    headers.put("Content-Type", "application/json");
    byte[] body = CloudKmsRest.requestBody(request);
    try {
      return HttpExchange.exchange("POST", uri, headers, body, timeout, MAX_ANSWER_BYTES);
    } catch (HttpExchange.BodyTooLargeException e) {
      throw SourceException.permanent(step, "Cloud KMS's answer for " + request.cryptoKey() + " is larger than "
          + MAX_ANSWER_BYTES + " bytes, which no Decrypt answer is").withCause(e)
          .withHint("check the Cloud KMS endpoint (a proxy in between?)");
    } catch (IOException e) {
      throw GcpErrors.kmsUnanswered(e, request.cryptoKey(), step, e);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  private static Answer read(HttpExchange.Response response, String cryptoKey, Step step)
      throws SourceException, InterruptedException {
    byte[] body = response.body();
    if (response.status() / 100 != 2) {
      throw GcpErrors.kms(GoogleApiError.status(response.status(), body),
          GoogleApiError.messageMatches(body, GcpErrors::isKmsChecksumRejection), cryptoKey, step, null);
    }
    try {
      return CloudKmsRest.answer(body);
    } catch (CloudKmsRest.MalformedAnswerException e) {
      // Never seen from Cloud KMS itself: something in between answered; another attempt may reach it.
      throw SourceException.retryable(step, "Cloud KMS's answer for " + cryptoKey + " is not the documented"
          + " Decrypt JSON: " + e.getMessage());
    }
  }

  private static Duration remaining(long deadline, Request request, Step step) throws SourceException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw GcpErrors.kmsTimeout(request.cryptoKey(), step); // the credentials took all the time there was
    }
    return Duration.ofNanos(left);
  }

  @Override
  public String toString() {
    return "LeanCloudKmsTransport[" + endpoint + (auth.isPresent() ? "" : ", no credentials") + "]";
  }
}

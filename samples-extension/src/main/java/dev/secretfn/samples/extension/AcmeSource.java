package dev.secretfn.samples.extension;

import dev.secretfn.Environment;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.util.Arrays;

/**
 * Reads {@code acme://} secrets: one GET of {@code /v1/secrets/NAME/versions/V} over the JDK's {@code
 * HttpURLConnection} (no client library to load at start-up), the body being the secret's bytes. One attempt
 * per call; the resolver retries what this marks retryable.
 */
final class AcmeSource implements SecretSource {
  /** Larger answers are refused rather than buffered: a secret is small, an accident is not. */
  static final int MAX_SECRET_BYTES = 64 * 1024;

  private final Environment environment;
  private volatile AcmeSettings settings;

  AcmeSource(Environment environment) {
    this.environment = environment;
  }

  @Override
  public Scheme scheme() {
    return AcmeSecret.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException {
    AcmeSecret secret = (AcmeSecret) fetch.reference();
    AcmeSettings settings = settings();
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) settings.secretUri(secret).toURL().openConnection();
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout(AcmeSettings.timeoutMillis(fetch.remaining()));
      connection.setReadTimeout(AcmeSettings.timeoutMillis(fetch.remaining()));
      connection.setRequestProperty("X-Acme-Caller", settings.caller());
      int status = connection.getResponseCode();
      if (status == 200) {
        return body(connection, secret);
      }
      throw failure(status, secret, settings);
    } catch (IOException e) {
      // Connection refused or reset, a timeout, or a body cut short: all worth another try.
      throw SourceException.retryable(Step.FETCH, "the Acme secrets service did not answer for " + secret.name()
          + " (" + e.getClass().getSimpleName() + ")");
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private AcmeSettings settings() throws SourceException {
    AcmeSettings current = settings;
    if (current == null) {
      try {
        current = AcmeSettings.from(environment);
      } catch (IllegalArgumentException e) {
        throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage());
      }
      settings = current;
    }
    return current;
  }

  private static Secret body(HttpURLConnection connection, AcmeSecret secret)
      throws IOException, SourceException {
    long declared = connection.getContentLengthLong();
    if (declared > MAX_SECRET_BYTES) {
      throw SourceException.permanent(Step.FETCH, "the secret " + secret.name() + " is larger than "
          + MAX_SECRET_BYTES + " bytes").withHint("store secrets, not files, in the secrets service");
    }
    byte[] bytes;
    try (InputStream in = connection.getInputStream()) {
      bytes = in.readNBytes(MAX_SECRET_BYTES + 1);
    }
    try {
      if (bytes.length > MAX_SECRET_BYTES) {
        throw SourceException.permanent(Step.FETCH, "the secret " + secret.name() + " is larger than "
            + MAX_SECRET_BYTES + " bytes").withHint("store secrets, not files, in the secrets service");
      }
      if (declared >= 0 && declared != bytes.length) {
        throw SourceException.retryable(Step.FETCH, "the answer for " + secret.name() + " was cut short");
      }
      return Secret.copyOf(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static SourceException failure(int status, AcmeSecret secret, AcmeSettings settings) {
    switch (status) {
      case 403:
        return SourceException.permanent(Step.FETCH, "403: the caller " + settings.caller()
                + " may not read " + secret.name())
            .withHint("grant it: acme-secrets grant --reader " + settings.caller() + " " + secret.name());
      case 404:
        return SourceException.permanent(Step.FETCH, "404: no secret " + secret.name()
                + (secret.version().isPresent() ? " at version " + secret.version().getAsLong() : ""))
            .withHint("check the name and version, or create it: acme-secrets put " + secret.name());
      case 429:
        return SourceException.retryable(Step.FETCH, "429: the secrets service is throttling reads");
      default:
        return status >= 500
            ? SourceException.retryable(Step.FETCH, status + " from the secrets service")
            : SourceException.permanent(Step.FETCH, "unexpected status " + status + " for " + secret.name());
    }
  }

  @Override
  public String toString() {
    return "AcmeSource";
  }
}

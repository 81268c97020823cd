package dev.secretfn.gcp.internal;

import com.google.auth.oauth2.GoogleCredentials;
import dev.secretfn.Environment;
import dev.secretfn.Step;
import dev.secretfn.internal.HttpExchange;
import dev.secretfn.internal.JsonFields;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not an API: the credentials of every lean Google Cloud call, as request headers. Once per component, shared
 * by every store and thread; concurrent first callers wait for one token.
 *
 * <p>Two official ways, never a hand-written OAuth flow:
 * <ul>
 *   <li>On Cloud Run functions (and Cloud Run), when no credentials file is configured, the runtime's metadata
 *       server hands out the service account's token at its documented endpoint ({@code
 *       /computeMetadata/v1/instance/service-accounts/default/token}); that is one local GET and no library.
 *   <li>Everywhere else, Application Default Credentials from google-auth-library (a credentials file, gcloud's
 *       user credentials, workload identity federation, a GCE metadata server), whose request metadata also
 *       carries the quota project header ({@code x-goog-user-project}) for user credentials.
 * </ul>
 */
@Singleton
public final class GoogleAuth {
  static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
  /** Set by Cloud Run functions and Cloud Run on every instance. */
  static final String CLOUD_RUN_SERVICE = "K_SERVICE";
  static final String CREDENTIALS_FILE = "GOOGLE_APPLICATION_CREDENTIALS";
  /** google-auth-library's override of the metadata server's host, honoured here too. */
  static final String METADATA_HOST = "GCE_METADATA_HOST";
  private static final String TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token";
  /** A token is renewed when it has less than this left, as google-auth-library does. */
  private static final Duration MARGIN = Duration.ofMinutes(3);

  private final Environment environment;
  private GoogleCredentials credentials;
  private String metadataToken;
  private long metadataTokenExpiresNanos;

  @Inject
  public GoogleAuth(GcpConfig config) {
    this.environment = config.environment();
  }

  /**
   * The headers that authorize a call to {@code uri}: {@code Authorization}, and {@code x-goog-user-project}
   * when the credentials name a quota project. Never logged; the token never reaches a message.
   *
   * @throws SourceException at {@link Step#SOURCE_SETUP} when there are no credentials (permanent, with the
   *     fix), retryable when the metadata server or the token endpoint failed
   */
  public synchronized Map<String, String> headers(URI uri, Duration timeout)
      throws SourceException, InterruptedException {
    if (onCloudRun()) {
      return Map.of("Authorization", "Bearer " + metadataToken(timeout));
    }
    try {
      if (credentials == null) {
        credentials = GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE));
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> header : credentials.getRequestMetadata(uri).entrySet()) {
        if (!header.getValue().isEmpty()) {
          headers.put(header.getKey(), header.getValue().get(0));
        }
      }
      return headers;
    } catch (IOException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while getting Google credentials");
      }
      // google-auth-library's messages name files and hosts, never a token.
      throw SourceException.permanent(Step.SOURCE_SETUP, "no usable Google credentials: "
          + e.getClass().getSimpleName() + ": " + e.getMessage()).withCause(e)
          .withHint("on Google Cloud, give the function a service account; elsewhere run gcloud auth"
              + " application-default login or set " + CREDENTIALS_FILE);
    }
  }

  private boolean onCloudRun() {
    return environment.get(CLOUD_RUN_SERVICE).isPresent() && environment.get(CREDENTIALS_FILE).isEmpty();
  }

  private String metadataToken(Duration timeout) throws SourceException, InterruptedException {
    if (metadataToken != null && System.nanoTime() < metadataTokenExpiresNanos) {
      return metadataToken;
    }
    URI uri = URI.create("http://" + environment.get(METADATA_HOST).orElse("metadata.google.internal")
        + TOKEN_PATH);
    HttpExchange.Response response;
    try {
      response = HttpExchange.exchange("GET", uri, Map.of("Metadata-Flavor", "Google"), null, timeout, 64 * 1024);
    } catch (IOException e) {
      throw SourceException.retryable(Step.SOURCE_SETUP, "the metadata server did not give a token: "
          + e.getClass().getSimpleName()).withCause(e);
    }
    try {
      if (response.status() != 200) {
        SourceException failure = response.status() >= 500 || response.status() == 429
            ? SourceException.retryable(Step.SOURCE_SETUP, "the metadata server answered " + response.status()
                + " for the service account's token")
            : SourceException.permanent(Step.SOURCE_SETUP, "the metadata server answered " + response.status()
                + " for the service account's token");
        throw failure.withHint("check that the function runs as a service account");
      }
      String token;
      long expiresIn;
      try {
        token = new String(JsonFields.select(response.body(), "access_token"), StandardCharsets.UTF_8);
        expiresIn = parseSeconds(new String(JsonFields.member(response.body(), "expires_in"), StandardCharsets.UTF_8));
      } catch (JsonFields.JsonShapeException e) {
        throw SourceException.retryable(Step.SOURCE_SETUP,
            "the metadata server's token answer is not the documented JSON (access_token, expires_in)");
      }
      if (token.isEmpty()) {
        throw SourceException.retryable(Step.SOURCE_SETUP, "the metadata server's token answer has no access_token");
      }
      metadataToken = token;
      metadataTokenExpiresNanos = System.nanoTime() + Duration.ofSeconds(expiresIn).minus(MARGIN).toNanos();
      return token;
    } finally {
      response.wipe();
    }
  }

  private static long parseSeconds(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public String toString() {
    return "GoogleAuth" + Arrays.asList(onCloudRun() ? "metadata server" : "application default credentials");
  }
}

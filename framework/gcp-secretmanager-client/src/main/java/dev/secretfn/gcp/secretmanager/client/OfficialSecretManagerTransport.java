package dev.secretfn.gcp.secretmanager.client;

import com.google.api.core.ApiFuture;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.secretmanager.v1.AccessSecretVersionRequest;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import com.google.cloud.secretmanager.v1.SecretPayload;
import com.google.protobuf.ByteString;
import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerErrors;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Secret Manager AccessSecretVersion through google-cloud-secretmanager's {@link SecretManagerServiceClient} (REST
 * transport): one client per endpoint, each built on the first call that needs it. A regional secret is served by
 * its location's endpoint ({@code secretmanager.LOCATION.rep.googleapis.com:443}), a global one by the client's
 * default endpoint. An emulator endpoint stands in for each of them (still one client per location, so tests see
 * what production builds), without credentials, as on the lean transport. {@link #close()} closes the clients
 * built so far.
 *
 * <p>Unlike the lean transport, the client reads a whole answer before the size limit is checked (Secret Manager
 * holds at most 64 KiB per version, so an answer stays under 90 KB), and its own copies of a payload (the JSON it
 * parsed, the message's {@code ByteString}) cannot be wiped; the array handed back is the caller's to wipe.
 */
@Singleton
final class OfficialSecretManagerTransport implements SecretManagerTransport, AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** The key of the global endpoint's client; the others are keyed by their location. */
  static final String GLOBAL = "global";

  private final Optional<URI> emulator;
  private final Map<String, SecretManagerServiceClient> clients = new ConcurrentHashMap<>();

  @Inject
  OfficialSecretManagerTransport(GcpConfig config) {
    this.emulator = config.secretManagerEndpoint();
    emulator.ifPresent(e -> LOG.log(Level.WARNING, "secretfn: Secret Manager endpoint overridden to " + e
        + " (local emulator; no credentials sent)"));
  }

  @Override
  public Answer access(Request request, Duration timeout) throws SourceException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String name = request.versionName();
    SecretManagerServiceClient client;
    try {
      client = clients.computeIfAbsent(request.location().orElse(GLOBAL), this::build);
    } catch (UncheckedIOException e) {
      // The client reads Application Default Credentials as it is built; worded as the lean transport's GoogleAuth
      // words the same failure (google-auth-library's messages name files and hosts, never a token).
      IOException cause = e.getCause();
      throw SourceException.permanent(Step.SOURCE_SETUP, "no usable Google credentials: "
          + cause.getClass().getSimpleName() + ": " + cause.getMessage()).withCause(cause)
          .withHint("on Google Cloud, give the function a service account; elsewhere run gcloud auth"
              + " application-default login or set GOOGLE_APPLICATION_CREDENTIALS");
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw SecretManagerErrors.timeout(name); // building the client took all the time there was
    }
    AccessSecretVersionResponse response;
    // Waited for here, not by the client: a client-side timeout would start gax-httpjson's deadline scheduler,
    // a non-daemon thread that lives as long as the client and keeps a JVM whose start-up failed from exiting.
    ApiFuture<AccessSecretVersionResponse> future = client.accessSecretVersionCallable()
        .futureCall(AccessSecretVersionRequest.newBuilder().setName(name).build());
    try {
      response = future.get(left, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ApiException) {
        throw ApiExceptions.classify((ApiException) cause, request);
      }
      throw SourceException.retryable(Step.FETCH, "calling Secret Manager for " + name + " failed: "
          + cause.getClass().getSimpleName()).withCause(cause);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw SecretManagerErrors.timeout(name);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    }
    SecretPayload payload = response.getPayload();
    return new Answer(response.getName(), payload.getData().toByteArray(),
        payload.hasDataCrc32C() ? OptionalLong.of(payload.getDataCrc32C()) : OptionalLong.empty());
  }

  /**
   * Loads the request and answer messages' classes (protobuf descriptors) and nothing else: building a client
   * would read Application Default Credentials, which must not enter a snapshot.
   */
  @Override
  public void prime(Duration timeout) {
    AccessSecretVersionRequest.newBuilder().setName("projects/priming/secrets/priming/versions/1").build()
        .toByteArray();
    AccessSecretVersionResponse.newBuilder().setName("priming")
        .setPayload(SecretPayload.newBuilder().setData(ByteString.copyFrom(new byte[8])).setDataCrc32C(0))
        .build().getPayload().getData();
  }

  /** Closes the clients built so far. */
  @Override
  public void close() {
    clients.values().forEach(SecretManagerServiceClient::close);
  }

  /** The locations (or {@link #GLOBAL}) whose client was built so far. */
  Set<String> built() {
    return Set.copyOf(clients.keySet());
  }

  private SecretManagerServiceClient build(String location) {
    try {
      return SecretManagerServiceClient.create(settings(location));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the Secret Manager client", e);
    }
  }

  /** The settings of the client for {@code location} (or {@link #GLOBAL}); reads no credentials. */
  SecretManagerServiceSettings settings(String location) throws IOException {
    SecretManagerServiceSettings.Builder builder = SecretManagerServiceSettings.newHttpJsonBuilder();
    // One attempt and no client-side timeout: access() bounds each call by the time left.
    builder.accessSecretVersionSettings().setRetryableCodes()
        .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build());
    if (emulator.isPresent()) {
      builder.setEndpoint(emulator.get().toString()).setCredentialsProvider(NoCredentialsProvider.create());
    } else if (!location.equals(GLOBAL)) {
      builder.setEndpoint("secretmanager." + location + ".rep.googleapis.com:443");
    }
    return builder.build();
  }

  @Override
  public String toString() {
    return "OfficialSecretManagerTransport[" + emulator.map(e -> e + ", no credentials")
        .orElse("Google's endpoints") + ", " + clients.keySet() + "]";
  }
}

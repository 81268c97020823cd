package dev.secretfn.gcp.storage.client;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GcpModule;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the Cloud Storage client once (scoped) and only when the transport first needs it ({@link
 * StorageClientTransport} injects {@code dagger.Lazy}): the JSON API over HTTP, one attempt per call because the
 * resolver retries within its deadline, per-call timeouts from the time left ({@link StorageCalls}), Application
 * Default Credentials unless an emulator endpoint is set.
 */
@Module(includes = GcpModule.class)
abstract class StorageClientModule {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private StorageClientModule() {}

  @Provides
  @Singleton
  static Storage storage(GcpConfig config) {
    Duration deadline = config.deadline();
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, deadline.toMillis());
    StorageOptions.Builder builder = StorageOptions.http()
        .setRetrySettings(singleAttempt(deadline))
        .setTransportOptions(new StorageCalls.CallScopedTransportOptions(HttpTransportOptions.newBuilder()
            .setConnectTimeout(timeoutMillis)
            .setReadTimeout(timeoutMillis)));
    Optional<URI> endpoint = config.storageEndpoint();
    if (endpoint.isPresent()) {
      LOG.log(Level.WARNING, "secretfn: Cloud Storage endpoint overridden to " + endpoint.get()
          + " (local emulator; no credentials sent)");
      builder.setHost(endpoint.get().toString()).setProjectId("secretfn-emulator")
          .setCredentials(NoCredentials.getInstance());
    }
    return builder.build().getService();
  }

  private static RetrySettings singleAttempt(Duration deadline) {
    return RetrySettings.newBuilder()
        .setMaxAttempts(1)
        .setTotalTimeoutDuration(deadline)
        .setInitialRpcTimeoutDuration(deadline)
        .setMaxRpcTimeoutDuration(deadline)
        .build();
  }
}

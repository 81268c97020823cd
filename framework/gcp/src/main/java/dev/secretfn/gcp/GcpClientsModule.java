package dev.secretfn.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.Environment;
import dev.secretfn.ResolverSettings;
import dev.secretfn.internal.ResolutionModule;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the official clients, each once (scoped) and only when a source first needs it (sources inject
 * {@code dagger.Lazy}). HTTP transports only; client-side retries are off because the resolver retries
 * within its deadline; Application Default Credentials unless an emulator endpoint is set.
 */
@Module(includes = ResolutionModule.class)
abstract class GcpClientsModule {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private GcpClientsModule() {}

  @BindsOptionalOf
  abstract GcpSettings optionalSettings();

  @Provides
  @Singleton
  static ResolvedGcpSettings settings(
      Optional<GcpSettings> settings, Optional<Environment> environment, Optional<ResolverSettings> resolver) {
    return new ResolvedGcpSettings(
        settings.orElseGet(GcpSettings::defaults),
        environment.orElseGet(Environment::system),
        resolver.orElseGet(ResolverSettings::defaults).deadline());
  }

  @Provides
  @Singleton
  static KeyManagementServiceClient kmsClient(ResolvedGcpSettings settings) {
    KeyManagementServiceSettings.Builder builder = KeyManagementServiceSettings.newHttpJsonBuilder();
    // One attempt and no client-side timeout: CloudKmsDecrypter bounds each call by the time left (see there).
    builder.decryptSettings().setRetryableCodes()
        .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build());
    Optional<URI> endpoint = settings.kmsEndpoint();
    if (endpoint.isPresent()) {
      LOG.log(Level.WARNING, "secretfn: Cloud KMS endpoint overridden to " + endpoint.get()
          + " (local emulator; no credentials sent)");
      builder.setEndpoint(endpoint.get().toString()).setCredentialsProvider(NoCredentialsProvider.create());
    }
    try {
      return KeyManagementServiceClient.create(builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the Cloud KMS client", e);
    }
  }

  @Provides
  @Singleton
  static Storage storage(ResolvedGcpSettings settings) {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.deadline.toMillis());
    StorageOptions.Builder builder = StorageOptions.http()
        .setRetrySettings(singleAttempt(settings.deadline))
        .setTransportOptions(new StorageCalls.CallScopedTransportOptions(HttpTransportOptions.newBuilder()
            .setConnectTimeout(timeoutMillis)
            .setReadTimeout(timeoutMillis)));
    Optional<URI> endpoint = settings.storageEndpoint();
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

  /** The settings with the environment's emulator hosts applied. */
  static final class ResolvedGcpSettings {
    final GcpSettings settings;
    final Environment environment;
    final Duration deadline;

    ResolvedGcpSettings(GcpSettings settings, Environment environment, Duration deadline) {
      this.settings = settings;
      this.environment = environment;
      this.deadline = deadline;
    }

    Optional<URI> kmsEndpoint() {
      return settings.kmsEndpoint(environment);
    }

    Optional<URI> storageEndpoint() {
      return settings.storageEndpoint(environment);
    }
  }
}

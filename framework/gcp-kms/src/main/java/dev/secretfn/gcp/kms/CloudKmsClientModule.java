package dev.secretfn.gcp.kms;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GcpModule;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Optional;

/**
 * Builds the Cloud KMS client once (scoped) and only when a source first needs it (sources inject {@code
 * dagger.Lazy}): the REST transport, client-side retries off because the resolver retries within its deadline,
 * Application Default Credentials unless an emulator endpoint is set. Included by {@link CloudKmsModule} and by
 * the Berglas module, which decrypts data keys with it.
 */
@Module(includes = GcpModule.class)
public abstract class CloudKmsClientModule {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private CloudKmsClientModule() {}

  @Provides
  @Singleton
  static KeyManagementServiceClient kmsClient(GcpConfig config) {
    KeyManagementServiceSettings.Builder builder = KeyManagementServiceSettings.newHttpJsonBuilder();
    // One attempt and no client-side timeout: CloudKmsDecrypter bounds each call by the time left (see there).
    builder.decryptSettings().setRetryableCodes()
        .setRetrySettings(RetrySettings.newBuilder().setMaxAttempts(1).build());
    Optional<URI> endpoint = config.kmsEndpoint();
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
}

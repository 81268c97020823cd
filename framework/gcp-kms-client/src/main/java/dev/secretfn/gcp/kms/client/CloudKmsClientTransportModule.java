package dev.secretfn.gcp.kms.client;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.kms.v1.KeyManagementServiceSettings;
import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GcpModule;
import dev.secretfn.gcp.kms.internal.CloudKmsTransport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.Optional;

/**
 * Sends the Cloud KMS calls of {@code CloudKmsModule} and {@code BerglasModule} through the official
 * google-cloud-kms client (REST transport) instead of the lean default. Add it to the component next to the
 * store module:
 *
 * <pre>{@code
 * @Singleton
 * @Component(modules = {MySecretsModule.class, CloudKmsModule.class, CloudKmsClientTransportModule.class})
 * interface FunctionComponent { ... }
 * }</pre>
 *
 * <p>The client is built once and only when a source first needs it: client-side retries off because the
 * resolver retries within its deadline, Application Default Credentials unless an emulator endpoint is set.
 * Failures read exactly as on the lean transport. The component also exposes the {@link
 * KeyManagementServiceClient}, so a test can close it.
 */
@Module(includes = GcpModule.class)
public abstract class CloudKmsClientTransportModule {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private CloudKmsClientTransportModule() {}

  @Binds
  @OfficialClient
  abstract CloudKmsTransport official(OfficialCloudKmsTransport transport);

  @Provides
  @Singleton
  static KeyManagementServiceClient kmsClient(GcpConfig config) {
    KeyManagementServiceSettings.Builder builder = KeyManagementServiceSettings.newHttpJsonBuilder();
    // One attempt and no client-side timeout: OfficialCloudKmsTransport bounds each call by the time left.
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

package dev.secretfn.gcp.kms;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dev.secretfn.gcp.internal.GcpModule;
import dev.secretfn.gcp.kms.internal.CloudKmsTransport;
import dev.secretfn.internal.OfficialClient;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The transport every Cloud KMS call goes through, once per component: the official google-cloud-kms client when
 * the component also includes {@code CloudKmsClientTransportModule} (artifact secretfn-gcp-kms-client), else the
 * lean transport (Cloud KMS's REST API over the JDK's {@code HttpURLConnection}). Consumers inject {@code
 * dagger.Lazy<CloudKmsTransport>}, so neither is built before the first call. Included by {@link CloudKmsModule}
 * and by the Berglas module, which unwraps data keys with Cloud KMS.
 */
@Module(includes = GcpModule.class)
public abstract class CloudKmsTransportModule {
  private CloudKmsTransportModule() {}

  @BindsOptionalOf
  @OfficialClient
  abstract CloudKmsTransport officialClient();

  @Provides
  @Singleton
  static CloudKmsTransport transport(
      @OfficialClient Optional<Provider<CloudKmsTransport>> official, Provider<LeanCloudKmsTransport> lean) {
    return official.isPresent() ? official.get().get() : lean.get();
  }
}

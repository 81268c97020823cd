package dev.secretfn.gcp.storage.client;

import com.google.cloud.storage.Storage;
import dagger.Component;
import dagger.Lazy;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gs:// and berglas:// stores as a function's component binds them, on either transport, pointed at the
 * emulators: {@link #official} with {@link CloudStorageClientTransportModule}, {@link #lean} without it.
 */
interface Stores {
  Set<SecretSource> sources();

  Set<ReferenceSyntax> syntaxes();

  /** Present on the official transport, so that a test can close the client it built. */
  Optional<Lazy<Storage>> storageClient();

  default SecretSource source(Scheme scheme) {
    return sources().stream().filter(s -> s.scheme().equals(scheme)).findFirst().orElseThrow();
  }

  default ReferenceSyntax syntax(Scheme scheme) {
    return syntaxes().stream().filter(s -> s.scheme().equals(scheme)).findFirst().orElseThrow();
  }

  /** Closes the Storage client if the component has one (Cloud KMS's lean transport holds nothing to close). */
  default void closeClients() {
    try {
      if (storageClient().isPresent()) {
        storageClient().get().get().close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not close a client", e);
    }
  }

  static Stores official(CloudStorageEmulator gcs, CloudKmsEmulator kms) {
    return DaggerStores_Official.factory().create(new ContractDeployment(variables(gcs, kms)));
  }

  static Stores lean(CloudStorageEmulator gcs, CloudKmsEmulator kms) {
    return DaggerStores_Lean.factory().create(new ContractDeployment(variables(gcs, kms)));
  }

  private static Map<String, String> variables(CloudStorageEmulator gcs, CloudKmsEmulator kms) {
    return Map.of(GcpSettings.STORAGE_EMULATOR_HOST, gcs.endpoint().substring("http://".length()),
        GcpSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length()));
  }

  @Singleton
  @Component(modules = {CloudStorageModule.class, BerglasModule.class, CloudStorageClientTransportModule.class,
      OptionalStorageClient.class, ContractDeployment.class})
  interface Official extends Stores {
    @Component.Factory
    interface Factory {
      Official create(ContractDeployment deployment);
    }
  }

  @Singleton
  @Component(modules = {CloudStorageModule.class, BerglasModule.class, OptionalStorageClient.class,
      ContractDeployment.class})
  interface Lean extends Stores {
    @Component.Factory
    interface Factory {
      Lean create(ContractDeployment deployment);
    }
  }

  /** Lets {@link #storageClient()} be asked of a component that has no client. */
  @dagger.Module
  abstract class OptionalStorageClient {
    private OptionalStorageClient() {}

    @dagger.BindsOptionalOf
    abstract Storage storage();
  }
}

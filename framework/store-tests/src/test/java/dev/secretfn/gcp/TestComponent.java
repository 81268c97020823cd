package dev.secretfn.gcp;

import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.storage.Storage;
import dagger.Lazy;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import java.util.Set;

/**
 * What every test component exposes next to its handler: the resolved secrets, the bound syntaxes and sources (to
 * resolve again through {@code SecretResolver}), and the clients, lazily, so that {@link GcpTestbed} can close the
 * ones a test built without building the others.
 */
interface TestComponent {
  ResolvedSecrets secrets();

  Set<ReferenceSyntax> syntaxes();

  Set<SecretSource> sources();

  /** A component that binds a store using Cloud KMS exposes its client, so the testbed can close it. */
  interface KmsClients {
    Lazy<KeyManagementServiceClient> kmsClient();
  }

  /** A component that binds a store using Cloud Storage exposes its client, so the testbed can close it. */
  interface StorageClients {
    Lazy<Storage> storageClient();
  }
}

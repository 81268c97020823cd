package dev.secretfn.stores;

import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.storage.Storage;
import dagger.Lazy;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every test component exposes next to its handler: the resolved secrets, the bound syntaxes and sources (to
 * resolve again through {@code SecretResolver}), and the clients of the stores it binds, lazily and present only
 * when bound, so that {@link SourceTestbed} can close the ones a test built without building the others.
 */
public interface TestComponent {
  ResolvedSecrets secrets();

  Set<ReferenceSyntax> syntaxes();

  Set<SecretSource> sources();

  /** Present when the component binds a store that uses Cloud KMS (Cloud KMS, Berglas). */
  Optional<Lazy<KeyManagementServiceClient>> cloudKmsClient();

  /** Present when the component binds a store that reads Cloud Storage (Cloud Storage, Berglas). */
  Optional<Lazy<Storage>> storageClient();

  /** Present when the component binds the AWS KMS store. */
  Optional<Lazy<KmsClient>> awsKmsClient();

  /** Present when the component binds the S3 store. */
  Optional<Lazy<S3Client>> s3Client();
}

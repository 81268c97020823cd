package dev.secretfn.stores;

import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.storage.Storage;
import dagger.Lazy;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.aws.kms.internal.AwsKmsTransport;
import dev.secretfn.aws.s3.internal.S3Transport;
import dev.secretfn.aws.secretsmanager.internal.SecretsManagerTransport;
import dev.secretfn.aws.ssm.internal.SsmTransport;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.internal.OfficialClient;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.spi.SecretSource;
import java.util.Optional;
import java.util.Set;

/**
 * What every test component exposes next to its handler: the resolved secrets, the bound syntaxes and sources (to
 * resolve again through {@code SecretResolver}), and the official clients of the stores it binds, lazily and present
 * only when the component selects that transport ({@link Transport#OFFICIAL}), so that {@link SourceTestbed} can
 * close the ones a test built without building the others. The lean transports hold nothing to close.
 */
public interface TestComponent {
  ResolvedSecrets secrets();

  Set<ReferenceSyntax> syntaxes();

  Set<SecretSource> sources();

  /** Present when the component reads Cloud KMS (Cloud KMS, Berglas) through google-cloud-kms. */
  Optional<Lazy<KeyManagementServiceClient>> cloudKmsClient();

  /** Present when the component reads Cloud Storage (Cloud Storage, Berglas) through google-cloud-storage. */
  Optional<Lazy<Storage>> storageClient();

  /** Present when the component calls AWS KMS through the SDK's KmsClient (which the transport closes). */
  @OfficialClient
  Optional<Lazy<AwsKmsTransport>> awsKmsClient();

  /** Present when the component reads S3 through the SDK's S3Client (which the transport closes). */
  @OfficialClient
  Optional<Lazy<S3Transport>> s3Client();

  /** Present when the component calls SSM through the SDK's SsmClient (which the transport closes). */
  @OfficialClient
  Optional<Lazy<SsmTransport>> ssmClient();

  /** Present when the component calls Secrets Manager through the SDK's client (which the transport closes). */
  @OfficialClient
  Optional<Lazy<SecretsManagerTransport>> secretsManagerClient();

  /** Present when the component reads Secret Manager through google-cloud-secretmanager (which the transport closes). */
  @OfficialClient
  Optional<Lazy<SecretManagerTransport>> secretManagerClient();
}

package dev.secretfn.stores;

import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.storage.Storage;
import dagger.BindsOptionalOf;
import dagger.Module;
import dev.secretfn.aws.kms.internal.AwsKmsTransport;
import dev.secretfn.aws.s3.internal.S3Transport;
import dev.secretfn.aws.secretsmanager.internal.SecretsManagerTransport;
import dev.secretfn.aws.ssm.internal.SsmTransport;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.internal.OfficialClient;

/**
 * Lets {@link TestComponent} expose the official clients of whichever stores a test component binds: the AWS
 * stores declare their official transport optional themselves, but a component without the store must still
 * compile.
 */
@Module
abstract class OptionalClients {
  private OptionalClients() {}

  @BindsOptionalOf
  abstract KeyManagementServiceClient cloudKmsClient();

  @BindsOptionalOf
  abstract Storage storageClient();

  @BindsOptionalOf
  @OfficialClient
  abstract AwsKmsTransport awsKmsClient();

  @BindsOptionalOf
  @OfficialClient
  abstract S3Transport s3Client();

  @BindsOptionalOf
  @OfficialClient
  abstract SsmTransport ssmClient();

  @BindsOptionalOf
  @OfficialClient
  abstract SecretsManagerTransport secretsManagerClient();

  @BindsOptionalOf
  @OfficialClient
  abstract SecretManagerTransport secretManagerClient();
}

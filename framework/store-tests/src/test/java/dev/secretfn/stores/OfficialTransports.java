package dev.secretfn.stores;

import dagger.Module;
import dev.secretfn.aws.kms.client.AwsKmsClientTransportModule;
import dev.secretfn.aws.s3.client.S3ClientTransportModule;
import dev.secretfn.aws.secretsmanager.client.SecretsManagerClientTransportModule;
import dev.secretfn.aws.ssm.client.SsmClientTransportModule;
import dev.secretfn.gcp.kms.client.CloudKmsClientTransportModule;
import dev.secretfn.gcp.secretmanager.client.SecretManagerClientTransportModule;
import dev.secretfn.gcp.storage.client.CloudStorageClientTransportModule;

/**
 * The official-client transports, for a test component that binds every store ({@link Transport#OFFICIAL}):
 * google-cloud-kms, google-cloud-storage (Cloud Storage and Berglas's object reads), the SDK's KmsClient and
 * S3Client, google-cloud-secretmanager, the SDK's SecretsManagerClient and the SDK's SsmClient.
 */
@Module(includes = {CloudKmsClientTransportModule.class, CloudStorageClientTransportModule.class,
    AwsKmsClientTransportModule.class, S3ClientTransportModule.class, SecretManagerClientTransportModule.class,
    SecretsManagerClientTransportModule.class, SsmClientTransportModule.class})
abstract class OfficialTransports {
  private OfficialTransports() {}
}

package dev.secretfn.stores;

import com.google.cloud.kms.v1.KeyManagementServiceClient;
import com.google.cloud.storage.Storage;
import dagger.BindsOptionalOf;
import dagger.Module;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Lets {@link TestComponent} expose the clients of whichever stores a test component binds. */
@Module
abstract class OptionalClients {
  private OptionalClients() {}

  @BindsOptionalOf
  abstract KeyManagementServiceClient cloudKmsClient();

  @BindsOptionalOf
  abstract Storage storageClient();

  @BindsOptionalOf
  abstract KmsClient awsKmsClient();

  @BindsOptionalOf
  abstract S3Client s3Client();
}

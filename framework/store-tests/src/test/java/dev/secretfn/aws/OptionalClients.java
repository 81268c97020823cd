package dev.secretfn.aws;

import dagger.BindsOptionalOf;
import dagger.Module;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Lets {@link TestComponent} expose the clients of whichever sources a test component binds. */
@Module
abstract class OptionalClients {
  private OptionalClients() {}

  @BindsOptionalOf
  abstract KmsClient kmsClient();

  @BindsOptionalOf
  abstract S3Client s3Client();
}

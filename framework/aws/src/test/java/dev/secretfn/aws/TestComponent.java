package dev.secretfn.aws;

import dagger.Lazy;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.spi.SecretSource;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every test component exposes next to its handler: the resolved secrets, the bound sources (to resolve
 * again through {@code SecretResolver}), and the clients, lazily, so that {@link AwsTestbed} can close the ones
 * a test built without building the others.
 */
interface TestComponent {
  ResolvedSecrets secrets();

  Set<SecretSource> sources();

  Lazy<KmsClient> kmsClient();

  Lazy<S3Client> s3Client();
}

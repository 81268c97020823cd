package dev.secretfn.aws;

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
 * resolve again through {@code SecretResolver}), and the clients, lazily, so that {@link AwsTestbed} can close the
 * ones a test built without building the others.
 */
interface TestComponent {
  ResolvedSecrets secrets();

  Set<ReferenceSyntax> syntaxes();

  Set<SecretSource> sources();

  /** Present when the component binds the KMS source. */
  Optional<Lazy<KmsClient>> kmsClient();

  /** Present when the component binds the S3 source. */
  Optional<Lazy<S3Client>> s3Client();
}

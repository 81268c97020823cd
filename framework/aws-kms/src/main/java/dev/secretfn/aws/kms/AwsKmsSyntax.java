package dev.secretfn.aws.kms;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ref.BareCiphertextSyntax;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * {@code aws-kms://[KEY]?ciphertext=BASE64}, and bare ciphertext blobs declared {@code @Encrypted(Kms.AWS)},
 * as the Lambda console's encryption helpers produce them.
 */
final class AwsKmsSyntax implements BareCiphertextSyntax {
  @Inject
  AwsKmsSyntax() {}

  @Override
  public Scheme scheme() {
    return AwsKmsCiphertext.SCHEME;
  }

  @Override
  public AwsKmsCiphertext parse(ReferenceParts parts) {
    parts.noFragment();
    String blob = parts.requiredParameter("ciphertext");
    return new AwsKmsCiphertext(parts.path().isEmpty() ? Optional.empty() : Optional.of(parts.path()), blob);
  }

  @Override
  public Kms kms() {
    return Kms.AWS;
  }

  @Override
  public AwsKmsCiphertext parseBare(String ciphertext, Environment environment) {
    return new AwsKmsCiphertext(Optional.empty(), ciphertext);
  }
}

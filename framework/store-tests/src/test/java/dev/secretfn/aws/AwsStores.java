package dev.secretfn.aws;

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.ReferenceSyntax;
import jakarta.inject.Singleton;
import java.util.Set;

/** The AWS stores' syntaxes, taken from their modules as a function's component gets them. */
@Singleton
@Component(modules = {AwsKmsModule.class, S3Module.class})
interface AwsStores {
  Set<ReferenceSyntax> syntaxes();

  /** A parser of aws-kms:// and s3:// references and bare AWS KMS ciphertexts. */
  static ReferenceParser parser() {
    return ReferenceParser.of(DaggerAwsStores.create().syntaxes());
  }
}

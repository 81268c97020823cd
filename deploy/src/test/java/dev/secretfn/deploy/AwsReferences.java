package dev.secretfn.deploy;

import dagger.Component;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.aws.secretsmanager.SecretsManagerModule;
import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.ReferenceSyntax;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * The reference syntaxes a Lambda function gets from the AWS store modules, taken from the modules as a user's
 * component gets them (the syntax classes are package-private), so that the scripts' and the template's output
 * is checked against what secretfn actually reads.
 */
@Singleton
@Component(modules = {AwsKmsModule.class, S3Module.class, SecretsManagerModule.class, SsmModule.class})
interface AwsReferences {
  Set<ReferenceSyntax> syntaxes();

  /** A parser of aws-kms://, s3://, aws-sm:// and ssm:// references and bare AWS KMS ciphertexts. */
  static ReferenceParser parser() {
    return ReferenceParser.of(DaggerAwsReferences.create().syntaxes());
  }
}

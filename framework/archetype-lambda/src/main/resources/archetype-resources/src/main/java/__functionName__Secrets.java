package ${package};

import dev.secretfn.Encrypted;
import dev.secretfn.Kms;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/**
 * The secrets ${functionName}Function needs, one environment variable each. secretfn's annotation processor turns
 * this interface into {@code ${functionName}SecretsModule}, which resolves them all in parallel during INIT, and
 * writes a description of them into the jar for checks before a deployment.
 */
@SecretDeclarations
interface ${functionName}Secrets {
  /**
   * The key callers present: encrypted with AWS KMS as the Lambda console's encryption helpers do it (base64, with
   * the encryption context {@code LambdaFunctionName=<the function's name>}), or any self-describing reference.
   */
  @SecretVar("API_KEY") @Encrypted(Kms.AWS) Secret apiKey();

  /**
   * The key that signs answers: an SSM Parameter Store SecureString, pinned to a version, e.g.
   * {@code ssm:///${artifactId}/signing-key?version=1}.
   */
  @SecretVar("SIGNING_KEY") Secret signingKey();
}

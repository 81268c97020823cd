package ${package};

import dev.secretfn.Encrypted;
import dev.secretfn.Kms;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretVar;

/**
 * The secrets ${functionName}Function needs, one environment variable each. secretfn's annotation processor turns
 * this interface into {@code ${functionName}SecretsModule}, which resolves them all in parallel when the function
 * starts, and writes a description of them into the jar for checks before a deployment.
 */
@SecretDeclarations
interface ${functionName}Secrets {
  /**
   * The key callers present: a Cloud KMS ciphertext, as {@code gcloud kms encrypt ... | base64 -w0} writes it, with
   * the key's name in {@code KMS_CRYPTO_KEY_ID} (or any self-describing reference, such as one to Secret Manager).
   */
  @SecretVar("API_KEY") @Encrypted(Kms.GCP) Secret apiKey();

  /**
   * The key that signs answers: a field of a JSON object in Cloud Storage, pinned to a generation, e.g.
   * {@code gs://BUCKET/${artifactId}/keys.json?generation=1712345678901234#signingKey}.
   */
  @SecretVar("SIGNING_KEY") Secret signingKey();
}

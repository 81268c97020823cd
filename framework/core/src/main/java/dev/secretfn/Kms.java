package dev.secretfn;

/**
 * The key services whose bare base64 ciphertexts a variable can be declared to hold ({@code @Encrypted}). A
 * bare ciphertext is what {@code gcloud kms encrypt ... | base64 -w0} and the Lambda console's encryption
 * helpers produce. The store module of the service reads them: {@code CloudKmsModule} (key in {@code
 * KMS_CRYPTO_KEY_ID}) and {@code AwsKmsModule}.
 */
public enum Kms {
  /** Cloud KMS; the CryptoKey name comes from {@code KMS_CRYPTO_KEY_ID}. */
  GCP("gcp-kms", "Cloud KMS"),
  /** AWS KMS; the key is identified by the ciphertext blob itself. */
  AWS("aws-kms", "AWS KMS");

  private final String schemeId;
  private final String displayName;

  Kms(String schemeId, String displayName) {
    this.schemeId = schemeId;
    this.displayName = displayName;
  }

  /** The id of the scheme whose references a bare ciphertext of this service turns into. */
  public String schemeId() {
    return schemeId;
  }

  /** The service's name, for messages. */
  @Override
  public String toString() {
    return displayName;
  }
}

package dev.secretfn.ref;

/**
 * The key services whose bare base64 ciphertexts a variable can be declared to hold. A bare ciphertext is
 * what {@code gcloud kms encrypt ... | base64 -w0} and the Lambda console's encryption helpers produce.
 */
public enum Kms {
  /** Cloud KMS; the CryptoKey name comes from {@value ReferenceParser#GCP_KMS_KEY_VARIABLE}. */
  GCP(Scheme.GCP_KMS),
  /** AWS KMS; the key is identified by the ciphertext blob itself. */
  AWS(Scheme.AWS_KMS);

  private final Scheme scheme;

  Kms(Scheme scheme) {
    this.scheme = scheme;
  }

  /** The scheme of the references a bare ciphertext of this service turns into. */
  public Scheme scheme() {
    return scheme;
  }
}

package dev.secretfn.ref;

import java.util.Optional;

/** The reference schemes secretfn understands, each served by one secret source. */
public enum Scheme {
  /** {@code gcp-kms://}: a Cloud KMS ciphertext. */
  GCP_KMS("gcp-kms"),
  /** {@code aws-kms://}: an AWS KMS ciphertext. */
  AWS_KMS("aws-kms"),
  /** {@code gs://}: a Cloud Storage object. */
  GCS("gs"),
  /** {@code s3://}: an Amazon S3 object. */
  S3("s3"),
  /** {@code berglas://}: a Berglas envelope-encrypted object in Cloud Storage. */
  BERGLAS("berglas"),
  /** {@code vault://}: a HashiCorp Vault KV secret. */
  VAULT("vault");

  private final String id;

  Scheme(String id) {
    this.id = id;
  }

  /** The scheme as written in references, without {@code ://}. */
  public String id() {
    return id;
  }

  /** Looks a scheme up by its written form ({@code "gs"}). */
  public static Optional<Scheme> forId(String id) {
    for (Scheme scheme : values()) {
      if (scheme.id.equals(id)) {
        return Optional.of(scheme);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return id + "://";
  }
}

package dev.secretfn.ref;

import java.util.Optional;

/**
 * Where a secret lives: the parsed value of one environment variable. References carry no plaintext (a
 * ciphertext is not secret material) and are immutable values with structural equality.
 *
 * <p>{@code ReferenceParser.parse(variable, ReferenceParser.format(r))} equals {@code r} for every reference.
 */
public sealed interface SecretReference
    permits GcpKmsCiphertext, AwsKmsCiphertext, GcsObject, S3Object, BerglasObject, VaultSecret {

  /** The scheme, which selects the source that resolves this reference. */
  Scheme scheme();

  /** The JSON field to select from the fetched payload, if the reference names one. */
  Optional<String> field();

  /**
   * The same reference without its field: what a source actually fetches. References that differ only in
   * their field share one fetch.
   */
  SecretReference withoutField();

  /** The canonical written form, which {@link ReferenceParser} parses back to an equal reference. */
  String format();

  /** A short form for logs and error messages: ciphertexts are abbreviated to their length. */
  default String describe() {
    return format();
  }
}

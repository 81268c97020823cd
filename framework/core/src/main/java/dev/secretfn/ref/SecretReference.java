package dev.secretfn.ref;

import java.util.Optional;

/**
 * Where a secret lives: the parsed value of one environment variable. Each store module defines its own
 * reference type and the {@link ReferenceSyntax} that parses it. References carry no plaintext (a ciphertext
 * is not secret material) and are immutable values with structural equality.
 *
 * <p>The round-trip law: for every reference {@code r} of a syntax {@code s},
 * {@code s.parse(ReferenceParts.split(r.format()))} equals {@code r}. The contract test kit in
 * {@code secretfn-testing} checks it for any syntax.
 */
public interface SecretReference {

  /** The scheme, which selects the syntax that parsed it and the source that resolves it. */
  Scheme scheme();

  /** The JSON field to select from the fetched payload, if the reference names one. */
  Optional<String> field();

  /**
   * The same reference without its field: what a source actually fetches. References that differ only in
   * their field share one fetch.
   */
  SecretReference withoutField();

  /** The canonical written form, {@code scheme://...}, which the scheme's syntax parses back to an equal reference. */
  String format();

  /**
   * Whether the reference names one immutable version of its secret. False for a reference that reads whatever
   * version is current when an instance starts (Secret Manager's {@code latest}, an AWS staging label, a
   * parameter without a version): the resolver logs one warning per such variable, because a new version then
   * reaches every new instance at once, with no rollout. True by default.
   */
  default boolean pinned() {
    return true;
  }

  /**
   * Whether a new value can appear under this reference without a change to the variable: true for references
   * that name no version; a refreshing declaration requires it. Default: {@code !pinned()}.
   */
  default boolean refreshable() {
    return !pinned();
  }

  /** A short form for logs and error messages: ciphertexts are abbreviated to their length. */
  default String describe() {
    return format();
  }
}

package dev.secretfn.ref;

import dev.secretfn.Environment;
import dev.secretfn.Kms;

/**
 * A {@link ReferenceSyntax} that also reads bare base64 ciphertexts of one key service: the seed's form,
 * for variables declared {@code @Encrypted(kms)}. Bound like any syntax; core sends it the bare values of
 * the variables declared encrypted with its {@link #kms()}.
 */
public interface BareCiphertextSyntax extends ReferenceSyntax {
  /** The key service whose bare ciphertexts this syntax reads. */
  Kms kms();

  /**
   * Turns a bare ciphertext into a reference of this syntax.
   *
   * @param ciphertext the variable's value, which holds no {@code ://}
   * @param environment the function's environment, for settings that go with bare ciphertexts (such as the
   *     key name)
   * @throws InvalidReferenceException if the value is no canonical ciphertext or a setting is missing; the
   *     message states the rule and never quotes the value
   */
  SecretReference parseBare(String ciphertext, Environment environment);
}

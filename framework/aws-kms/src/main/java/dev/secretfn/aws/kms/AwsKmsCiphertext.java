package dev.secretfn.aws.kms;

import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Base64;
import java.util.Optional;

/**
 * An AWS KMS ciphertext blob, optionally with the key expected to decrypt it:
 * {@code aws-kms://[KEY]?ciphertext=BASE64}. The blob identifies its key by itself; naming one makes KMS
 * refuse a blob made under another key.
 *
 * @param keyId a key id, key ARN, alias name ({@code alias/...}) or alias ARN, if the reference names one
 * @param ciphertextBase64 the ciphertext blob in canonical standard base64
 */
public record AwsKmsCiphertext(Optional<String> keyId, String ciphertextBase64) implements SecretReference {
  /** {@code aws-kms://} */
  public static final Scheme SCHEME = Scheme.of("aws-kms");

  public AwsKmsCiphertext {
    keyId.ifPresent(KmsNames::keyId);
    ReferenceRules.ciphertext(ciphertextBase64);
  }

  /** The ciphertext blob (a fresh copy). */
  public byte[] ciphertext() {
    return Base64.getDecoder().decode(ciphertextBase64);
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public Optional<String> field() {
    return Optional.empty();
  }

  @Override
  public SecretReference withoutField() {
    return this;
  }

  @Override
  public String format() {
    return "aws-kms://" + keyId.orElse("") + "?ciphertext=" + ciphertextBase64;
  }

  @Override
  public String describe() {
    return "aws-kms://" + keyId.orElse("") + "?ciphertext=" + ReferenceRules.abbreviateCiphertext(ciphertextBase64);
  }

  @Override
  public String toString() {
    return describe();
  }
}

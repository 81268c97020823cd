package dev.secretfn.aws.kms;

import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.EncryptionContext;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The aws-kms:// store on the AWS KMS emulator, for the contract kit, deployed as a Lambda function: put()
 * encrypts as the console's helpers do, with {@code {"LambdaFunctionName": $AWS_LAMBDA_FUNCTION_NAME}}, and
 * under a key of its own, so that {@link #deny} of one reference denies its key and nothing else. The emulator
 * checks every request's SigV4 signature.
 */
final class AwsKmsFixture implements StoreFixture {
  static final String FUNCTION_NAME = "contract-fn";
  private static final String NO_SUCH_KEY =
      "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000";

  /** The fixed dummy credentials the store signs with for an emulator; the emulator checks the signatures. */
  static final String EMULATOR_KEY = "secretfn-emulator";

  private final AwsKmsEmulator kms = started();
  private final AwsKmsContractComponent store = AwsKmsContractComponent.of(Map.of(
      "AWS_REGION", "us-east-1",
      "AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME,
      AwsSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length())));
  private final SecretSource source = store.sources().iterator().next();
  private final Map<SecretReference, String> keyOf = new ConcurrentHashMap<>();

  private static AwsKmsEmulator started() {
    AwsKmsEmulator emulator = AwsKmsEmulator.start();
    emulator.requireSignatures(EMULATOR_KEY, EMULATOR_KEY);
    return emulator;
  }

  @Override
  public ReferenceSyntax syntax() {
    return store.syntaxes().iterator().next();
  }

  @Override
  public SecretSource source() {
    return source;
  }

  /** A blob without a key name, as a bare ciphertext variable holds it; the blob names its key. */
  @Override
  public SecretReference put(String name, byte[] value) {
    String key = kms.createKey();
    byte[] blob = kms.encrypt(key, value, Map.of(EncryptionContext.LAMBDA_FUNCTION_NAME, FUNCTION_NAME));
    SecretReference reference = new AwsKmsCiphertext(Optional.empty(), Base64.getEncoder().encodeToString(blob));
    keyOf.put(reference, key);
    return reference;
  }

  @Override
  public boolean selectsFields() {
    return false;
  }

  /** A key ARN of the emulator's account that names no key. */
  @Override
  public SecretReference absent() {
    return new AwsKmsCiphertext(Optional.of(NO_SUCH_KEY), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  }

  /** Denies the key the blob names (the emulator applies a key ARN denial to a Decrypt without KeyId). */
  @Override
  public void deny(SecretReference reference) {
    kms.knobs().deny(keyOf.get(reference));
  }

  @Override
  public EmulatorKnobs knobs() {
    return kms.knobs();
  }

  /** Stops the emulator; the lean transport holds nothing to close. */
  @Override
  public void close() {
    kms.close();
  }
}

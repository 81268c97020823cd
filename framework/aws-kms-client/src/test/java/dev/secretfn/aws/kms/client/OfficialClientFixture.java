package dev.secretfn.aws.kms.client;

import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.EncryptionContext;
import dev.secretfn.aws.kms.AwsKmsCiphertext;
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
 * The aws-kms:// store on the official client, for the contract kit, deployed as a Lambda function against the
 * AWS KMS emulator (which checks the SDK's signatures): each put() encrypts under a key of its own with the
 * console's context, so that {@link #deny} of one reference denies its key and nothing else.
 */
final class OfficialClientFixture implements StoreFixture {
  static final String FUNCTION_NAME = "contract-fn";
  private static final String NO_SUCH_KEY =
      "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000";

  private final AwsKmsEmulator kms = AwsKmsEmulator.start();
  private final OfficialStore store;
  private final Map<SecretReference, String> keyOf = new ConcurrentHashMap<>();

  OfficialClientFixture() {
    kms.requireSignatures("secretfn-emulator", "secretfn-emulator");
    store = OfficialStore.of(Map.of(
        "AWS_REGION", "us-east-1",
        "AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME,
        AwsSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length())));
  }

  @Override
  public ReferenceSyntax syntax() {
    return store.syntaxes().iterator().next();
  }

  @Override
  public SecretSource source() {
    return store.sources().iterator().next();
  }

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

  @Override
  public SecretReference absent() {
    return new AwsKmsCiphertext(Optional.of(NO_SUCH_KEY), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  }

  @Override
  public void deny(SecretReference reference) {
    kms.knobs().deny(keyOf.get(reference));
  }

  @Override
  public EmulatorKnobs knobs() {
    return kms.knobs();
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      kms.close();
    }
  }
}

package dev.secretfn.aws.secretsmanager.client;

import dev.secretfn.aws.AwsSettings;
import dev.secretfn.aws.secretsmanager.SecretsManagerSecret;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The aws-sm:// store on the SDK's SecretsManagerClient, for the contract kit, against the Secrets Manager emulator
 * (which checks the SDK's signatures): UTF-8 values are stored as {@code SecretString}, other bytes as {@code
 * SecretBinary}.
 */
final class OfficialClientFixture implements StoreFixture {
  static final String EMULATOR_KEY = "secretfn-emulator";

  private final SecretsManagerEmulator sm = started();
  private final OfficialStore store = OfficialStore.of(Map.of("AWS_REGION", "us-east-1",
      AwsSettings.SECRETS_MANAGER_EMULATOR_HOST, sm.endpoint().substring("http://".length())));
  private final SecretSource source = store.sources().iterator().next();

  private static SecretsManagerEmulator started() {
    SecretsManagerEmulator emulator = SecretsManagerEmulator.start();
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

  @Override
  public SecretReference put(String name, byte[] value) {
    String secretName = "contract/" + name.replaceAll("[^A-Za-z0-9/_+=.@-]", "-");
    if (isUtf8(value)) {
      sm.createSecret(secretName, new String(value, StandardCharsets.UTF_8));
    } else {
      sm.createBinarySecret(secretName, value);
    }
    return SecretsManagerSecret.of(secretName);
  }

  @Override
  public SecretReference absent() {
    return SecretsManagerSecret.of("contract/no-such-secret");
  }

  @Override
  public void deny(SecretReference reference) {
    sm.knobs().deny(sm.denialOf(((SecretsManagerSecret) reference).secretId()));
  }

  @Override
  public EmulatorKnobs knobs() {
    return sm.knobs();
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      sm.close();
    }
  }

  private static boolean isUtf8(byte[] value) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}

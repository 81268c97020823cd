package dev.secretfn.aws.secretsmanager;

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
 * The aws-sm:// store on the Secrets Manager emulator, for the contract kit: UTF-8 values are stored as {@code
 * SecretString}, other bytes as {@code SecretBinary}, as the CLI's {@code --secret-string} and {@code
 * --secret-binary} store them. The emulator checks every request's SigV4 signature.
 */
final class SecretsManagerFixture implements StoreFixture {
  private final SecretsManagerEmulator sm = started();
  private final SecretsManagerContractComponent store = SecretsManagerContractComponent.of(
      LeanSm.emulator(sm.endpoint()));
  private final SecretSource source = store.sources().iterator().next();

  private static SecretsManagerEmulator started() {
    SecretsManagerEmulator emulator = SecretsManagerEmulator.start();
    emulator.requireSignatures(LeanSm.EMULATOR_KEY, LeanSm.EMULATOR_KEY);
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

  /** A name the emulator holds no secret under. */
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
    sm.close();
  }

  private static boolean isUtf8(byte[] value) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "SecretsManagerFixture[" + sm + ", " + Map.of() + "]";
  }
}

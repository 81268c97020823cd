package dev.secretfn.aws.ssm.client;

import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.aws.ssm.SsmParameter;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ssm:// store on the SDK's SsmClient, for the contract kit, against the SSM emulator (which checks the SDK's
 * signatures): put() writes a SecureString (pinned to its version) under {@code /contract/NAME}.
 */
final class OfficialClientFixture implements StoreFixture {
  static final String EMULATOR_KEY = "secretfn-emulator";

  private final SsmEmulator ssm = started();
  private final OfficialStore store = OfficialStore.of(Map.of(
      "AWS_REGION", "us-east-1", SsmModule.EMULATOR_HOST, ssm.endpoint().substring("http://".length())));

  /** An emulator that answers only requests signed with the emulator credentials both transports use. */
  static SsmEmulator started() {
    SsmEmulator emulator = SsmEmulator.start();
    emulator.requireSignatures(EMULATOR_KEY, EMULATOR_KEY);
    return emulator;
  }

  @Override
  public ReferenceSyntax syntax() {
    return store.syntaxes().iterator().next();
  }

  @Override
  public SecretSource source() {
    return store.source();
  }

  /** Parameter Store holds text: the contract puts only UTF-8 into it. */
  @Override
  public boolean holdsBinary() {
    return false;
  }

  @Override
  public SecretReference put(String name, byte[] value) {
    String parameter = "/contract/" + name.replaceAll("[^A-Za-z0-9_.-]", "-");
    long version = ssm.putSecureString(parameter, new String(value, StandardCharsets.UTF_8), "alias/aws/ssm");
    return new SsmParameter(parameter, OptionalLong.of(version), Optional.empty(), Optional.empty());
  }

  @Override
  public SecretReference absent() {
    return new SsmParameter("/contract/no-such-parameter", OptionalLong.empty(), Optional.empty(), Optional.empty());
  }

  @Override
  public void deny(SecretReference reference) {
    ssm.knobs().deny(SsmEmulator.arn(((SsmParameter) reference).name()));
  }

  @Override
  public EmulatorKnobs knobs() {
    return ssm.knobs();
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      ssm.close();
    }
  }
}

package dev.secretfn.samples.extension;

import dev.secretfn.Environment;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The acme:// store on its emulator, for the contract kit. */
final class AcmeFixture implements StoreFixture {
  private final AcmeSecretsEmulator emulator = AcmeSecretsEmulator.start();
  private final AcmeSource source = new AcmeSource(Environment.of(Map.of(
      AcmeSettings.ADDRESS, emulator.endpoint(), "K_SERVICE", "orders")));

  @Override
  public ReferenceSyntax syntax() {
    return new AcmeSyntax();
  }

  @Override
  public SecretSource source() {
    return source;
  }

  @Override
  public SecretReference put(String name, byte[] value) {
    int version = emulator.put("contract/" + name, value);
    return new AcmeSecret("contract/" + name, OptionalLong.of(version), Optional.empty());
  }

  @Override
  public SecretReference absent() {
    return AcmeSecret.of("contract/no-such-secret");
  }

  @Override
  public void deny(SecretReference reference) {
    emulator.knobs().deny(((AcmeSecret) reference).name());
  }

  @Override
  public EmulatorKnobs knobs() {
    return emulator.knobs();
  }

  @Override
  public void close() {
    emulator.close();
  }
}

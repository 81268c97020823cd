package dev.secretfn.gcp.kms;

import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gcp-kms:// store on the Cloud KMS emulator, for the contract kit. Each {@link #put} encrypts under a
 * CryptoKey of its own, so that {@link #deny} of one reference denies its key and nothing else.
 */
final class CloudKmsFixture implements StoreFixture {
  static final String RING = "projects/secretfn-contract/locations/global/keyRings/contract";

  private final CloudKmsEmulator kms = CloudKmsEmulator.start();
  private final CloudKmsContractComponent store = CloudKmsContractComponent.of(
      Map.of(GcpSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length())));
  private final SecretSource source = store.sources().iterator().next();
  private final AtomicInteger keys = new AtomicInteger();

  @Override
  public ReferenceSyntax syntax() {
    return store.syntaxes().iterator().next();
  }

  @Override
  public SecretSource source() {
    return source;
  }

  /** Encrypts {@code value} under a new key, without additional data, as {@code gcloud kms encrypt} does. */
  @Override
  public SecretReference put(String name, byte[] value) {
    // The number ends with '-', so no key name is a prefix of another (deny() matches by prefix).
    String key = RING + "/cryptoKeys/k" + keys.incrementAndGet() + "-" + name;
    kms.createKey(key);
    return new GcpKmsCiphertext(key, Base64.getEncoder().encodeToString(kms.encrypt(key, value, new byte[0])));
  }

  @Override
  public boolean selectsFields() {
    return false;
  }

  @Override
  public SecretReference absent() {
    return new GcpKmsCiphertext(RING + "/cryptoKeys/no-such-key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  }

  @Override
  public void deny(SecretReference reference) {
    kms.knobs().deny(((GcpKmsCiphertext) reference).cryptoKey());
  }

  @Override
  public EmulatorKnobs knobs() {
    return kms.knobs();
  }

  /** Stops the emulator; the lean transport holds no thread to close. */
  @Override
  public void close() {
    kms.close();
  }
}

package dev.secretfn.gcp.kms.client;

import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.kms.GcpKmsCiphertext;
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
 * The gcp-kms:// store on the official-client transport and the Cloud KMS emulator, for the contract kit. Each
 * {@link #put} encrypts under a CryptoKey of its own, so that {@link #deny} of one reference denies its key only.
 */
final class OfficialCloudKmsFixture implements StoreFixture {
  static final String RING = "projects/secretfn-contract/locations/global/keyRings/official";

  private final CloudKmsEmulator kms = CloudKmsEmulator.start();
  private final OfficialKmsComponent store = OfficialKmsComponent.of(
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

  /** Closes the client's threads, then stops the emulator ({@code Lazy} cannot tell whether it was built). */
  @Override
  public void close() {
    try {
      store.kmsClient().get().close();
    } finally {
      kms.close();
    }
  }
}

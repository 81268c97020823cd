package dev.secretfn.gcp.storage;

import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/** The gs:// store on the Cloud Storage emulator, for the contract kit; put() pins the generation it wrote. */
final class CloudStorageFixture implements StoreFixture {
  static final String BUCKET = "secretfn-contract";

  private final CloudStorageEmulator gcs = CloudStorageEmulator.start();
  private final CloudStorageContractComponent store = CloudStorageContractComponent.of(
      Map.of(GcpSettings.STORAGE_EMULATOR_HOST, gcs.endpoint().substring("http://".length())));
  private final SecretSource source = store.sources().iterator().next();
  private final AtomicInteger objects = new AtomicInteger();

  CloudStorageFixture() {
    gcs.createBucket(BUCKET);
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
    // The number ends with '-', so no object name is a prefix of another (deny() matches by prefix).
    String object = "contract/o" + objects.incrementAndGet() + "-" + name;
    long generation = gcs.putObject(BUCKET, object, value);
    return new GcsObject(BUCKET, object, OptionalLong.of(generation), Optional.empty());
  }

  @Override
  public SecretReference absent() {
    return new GcsObject(BUCKET, "contract/no-such-object", OptionalLong.empty(), Optional.empty());
  }

  @Override
  public void deny(SecretReference reference) {
    GcsObject object = (GcsObject) reference;
    gcs.knobs().deny(object.bucket() + "/" + object.object());
  }

  @Override
  public EmulatorKnobs knobs() {
    return gcs.knobs();
  }

  /** Stops the emulator: the lean transport holds no thread or client to close. */
  @Override
  public void close() {
    gcs.close();
  }
}

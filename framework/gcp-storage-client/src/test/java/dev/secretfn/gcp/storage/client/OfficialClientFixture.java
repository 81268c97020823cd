package dev.secretfn.gcp.storage.client;

import dev.secretfn.gcp.storage.BerglasObject;
import dev.secretfn.gcp.storage.GcsObject;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gs:// or berglas:// store on google-cloud-storage, against the emulators, for the contract kit. A fetch
 * reads Cloud Storage first, so the knobs and the denial are the storage emulator's.
 */
final class OfficialClientFixture implements StoreFixture {
  static final String BUCKET = "secretfn-contract";

  private final Scheme scheme;
  private final CloudStorageEmulator gcs = CloudStorageEmulator.start();
  private final CloudKmsEmulator kms = CloudKmsEmulator.start();
  private final Stores stores = Stores.official(gcs, kms);
  private final SecretSource source;
  private final AtomicInteger objects = new AtomicInteger();

  OfficialClientFixture(Scheme scheme) {
    this.scheme = scheme;
    this.source = stores.source(scheme);
    gcs.createBucket(BUCKET);
    kms.createKey(BerglasObjects.KEY);
  }

  private boolean berglas() {
    return scheme.equals(BerglasObject.SCHEME);
  }

  @Override
  public ReferenceSyntax syntax() {
    return stores.syntax(scheme);
  }

  @Override
  public SecretSource source() {
    return source;
  }

  @Override
  public SecretReference put(String name, byte[] value) {
    // The number ends with '-', so no object name is a prefix of another (deny() matches by prefix).
    String object = "contract/o" + objects.incrementAndGet() + "-" + name;
    if (berglas()) {
      BerglasObjects.put(gcs, kms, BUCKET, object, value);
      return new BerglasObject(BUCKET, object, OptionalLong.empty());
    }
    long generation = gcs.putObject(BUCKET, object, value);
    return new GcsObject(BUCKET, object, OptionalLong.of(generation), Optional.empty());
  }

  @Override
  public boolean selectsFields() {
    return !berglas();
  }

  @Override
  public SecretReference absent() {
    return berglas()
        ? new BerglasObject(BUCKET, "contract/no-such-object", OptionalLong.empty())
        : new GcsObject(BUCKET, "contract/no-such-object", OptionalLong.empty(), Optional.empty());
  }

  @Override
  public void deny(SecretReference reference) {
    String object = reference instanceof GcsObject
        ? ((GcsObject) reference).object() : ((BerglasObject) reference).object();
    gcs.knobs().deny(BUCKET + "/" + object);
  }

  @Override
  public EmulatorKnobs knobs() {
    return gcs.knobs();
  }

  @Override
  public void close() {
    try {
      stores.closeClients();
    } finally {
      gcs.close();
      kms.close();
    }
  }
}

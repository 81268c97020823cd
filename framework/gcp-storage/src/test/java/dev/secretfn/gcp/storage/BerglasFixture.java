package dev.secretfn.gcp.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.testing.contract.StoreFixture;
import dev.secretfn.testing.emulator.EmulatorKnobs;
import dev.secretfn.testing.emulator.RecordedRequest;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The berglas:// store on the Cloud Storage and Cloud KMS emulators, for the contract kit. put() writes what
 * {@code berglas create} writes: a fresh AES-256 data key wrapped by Cloud KMS with the object name as
 * additional data, the value sealed with it in AES-256-GCM, and the Berglas metadata. A fetch reads Cloud
 * Storage first, so the knobs and the denial are the storage emulator's.
 */
final class BerglasFixture implements StoreFixture {
  static final String BUCKET = "secretfn-contract";
  static final String KEY = "projects/secretfn-contract/locations/global/keyRings/berglas/cryptoKeys/secrets";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CloudStorageEmulator gcs = CloudStorageEmulator.start();
  private final CloudKmsEmulator kms = CloudKmsEmulator.start();
  private final BerglasContractComponent store = BerglasContractComponent.of(Map.of(
      GcpSettings.STORAGE_EMULATOR_HOST, gcs.endpoint().substring("http://".length()),
      GcpSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length())));
  private final SecretSource source = store.sources().iterator().next();
  private final AtomicInteger objects = new AtomicInteger();

  BerglasFixture() {
    gcs.createBucket(BUCKET);
    kms.createKey(KEY);
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
    String object = "contract/b" + objects.incrementAndGet() + "-" + name;
    gcs.putObject(BUCKET, object, envelope(object, value).getBytes(UTF_8),
        Map.of(BerglasSource.KMS_KEY_METADATA, KEY, BerglasSource.SECRET_METADATA, "1"));
    return new BerglasObject(BUCKET, object, OptionalLong.empty());
  }

  /** base64(KMS-wrapped data key, AAD = object name) ":" base64(nonce || AES-256-GCM ciphertext || tag). */
  private String envelope(String object, byte[] value) {
    byte[] dataKey = new byte[32];
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(dataKey);
    RANDOM.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
      sealed = cipher.doFinal(value);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is available in every JDK 17", e);
    }
    byte[] nonceAndSealed = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, nonceAndSealed, 0, nonce.length);
    System.arraycopy(sealed, 0, nonceAndSealed, nonce.length, sealed.length);
    byte[] wrapped = kms.encrypt(KEY, dataKey, object.getBytes(UTF_8));
    return Base64.getEncoder().encodeToString(wrapped) + ":" + Base64.getEncoder().encodeToString(nonceAndSealed);
  }

  @Override
  public boolean selectsFields() {
    return false;
  }

  @Override
  public SecretReference absent() {
    return new BerglasObject(BUCKET, "contract/no-such-object", OptionalLong.empty());
  }

  /** Denies {@code storage.objects.get} on the object, the first permission a fetch needs. */
  @Override
  public void deny(SecretReference reference) {
    BerglasObject object = (BerglasObject) reference;
    gcs.knobs().deny(object.bucket() + "/" + object.object());
  }

  /** Every request the Cloud Storage emulator received. */
  List<RecordedRequest> storageRequests() {
    return gcs.requests();
  }

  @Override
  public EmulatorKnobs knobs() {
    return gcs.knobs();
  }

  /** Stops the emulators; both lean transports hold no thread to close. */
  @Override
  public void close() {
    try {
      gcs.close();
    } finally {
      kms.close();
    }
  }
}

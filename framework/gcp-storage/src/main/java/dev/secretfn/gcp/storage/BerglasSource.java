package dev.secretfn.gcp.storage;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.internal.GcpErrors;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads {@code berglas://bucket/object[#generation]} secrets as the Berglas tool does: object metadata first
 * (the key and the generation), then the body pinned to that generation, then the data key unwrapped by Cloud
 * KMS with the object name as additional authenticated data, then AES-256-GCM.
 */
final class BerglasSource implements SecretSource {
  static final String KMS_KEY_METADATA = "berglas-kms-key";
  static final String SECRET_METADATA = "berglas-secret";

  private final Lazy<Storage> storage;
  private final ObjectReader reader;
  private final CloudKmsDecrypter decrypter;
  private final GcpConfig config;

  @Inject
  BerglasSource(Lazy<Storage> storage, ObjectReader reader, CloudKmsDecrypter decrypter,
      GcpConfig config) {
    this.storage = storage;
    this.reader = reader;
    this.decrypter = decrypter;
    this.config = config;
  }

  @Override
  public Scheme scheme() {
    return BerglasObject.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    BerglasObject object = (BerglasObject) fetch.reference();
    String described = object.describe();
    Blob metadata = metadata(object, described, fetch);
    Map<String, String> custom = metadata.getMetadata() == null ? Map.of() : metadata.getMetadata();
    String key = custom.get(KMS_KEY_METADATA);
    if (!"1".equals(custom.get(SECRET_METADATA)) || key == null) {
      throw SourceException.permanent(Step.DECODE, described + " is not a Berglas secret: its metadata lacks "
          + SECRET_METADATA + "=1 and " + KMS_KEY_METADATA).withHint("create it with berglas or deploy/gcp");
    }
    int versions = key.indexOf("/cryptoKeyVersions/");
    String cryptoKey = versions < 0 ? key : key.substring(0, versions);
    if (metadata.getSize() != null && metadata.getSize() > config.maxObjectBytes()) {
      throw SourceException.permanent(Step.DECODE, described + " is larger than the "
          + config.maxObjectBytes() + "-byte limit")
          .withHint("raise GcpSettings.maxObjectBytes for large Berglas secrets");
    }
    // Pinned to the generation the metadata came from, so the key and the body always match.
    byte[] body = reader.read(object.bucket(), object.object(), OptionalLong.of(metadata.getGeneration()),
        config.maxObjectBytes(), described, fetch.remaining());
    BerglasEnvelope envelope;
    try {
      envelope = BerglasEnvelope.parse(body, described);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
    byte[] dataKey = null;
    byte[] plaintext = null;
    try {
      dataKey = decrypter.decrypt(cryptoKey, envelope.wrappedKey,
          object.object().getBytes(StandardCharsets.UTF_8), fetch.remaining(), Step.DECRYPT);
      plaintext = envelope.open(dataKey, described);
      return Secret.copyOf(plaintext);
    } finally {
      envelope.wipe();
      if (dataKey != null) {
        Arrays.fill(dataKey, (byte) 0);
      }
      if (plaintext != null) {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
  }

  private Blob metadata(BerglasObject object, String described, Fetch fetch)
      throws SourceException, InterruptedException {
    BlobId id = object.generation().isPresent()
        ? BlobId.of(object.bucket(), object.object(), object.generation().getAsLong())
        : BlobId.of(object.bucket(), object.object());
    Blob blob;
    StorageCalls.Call call = StorageCalls.open(fetch.remaining());
    try {
      blob = storage.get().get(id);
    } catch (StorageException e) {
      throw GcpErrors.storage(e, described, Step.FETCH);
    } finally {
      call.close();
    }
    if (blob == null) {
      throw SourceException.permanent(Step.FETCH, described + ": no such object or generation")
          .withHint("create the secret, or fix the bucket, object name or generation");
    }
    return blob;
  }

  @Override
  public String toString() {
    return "BerglasSource";
  }
}

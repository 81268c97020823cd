package dev.secretfn.gcp.storage;

import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.gcp.kms.internal.CloudKmsDecrypter;
import dev.secretfn.gcp.storage.internal.CloudStorageTransport;
import dev.secretfn.gcp.storage.internal.ObjectMetadata;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads {@code berglas://bucket/object[#generation]} secrets as the Berglas tool does: object metadata first
 * (the key and the generation), then the body pinned to that generation, then the data key unwrapped by Cloud
 * KMS with the object name as additional authenticated data, then AES-256-GCM.
 */
final class BerglasSource implements SecretSource {
  static final String KMS_KEY_METADATA = "berglas-kms-key";
  static final String SECRET_METADATA = "berglas-secret";

  private final Lazy<CloudStorageTransport> storage;
  private final ObjectReader reader;
  private final CloudKmsDecrypter decrypter;
  private final GcpConfig config;

  @Inject
  BerglasSource(Lazy<CloudStorageTransport> storage, ObjectReader reader, CloudKmsDecrypter decrypter,
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
    ObjectMetadata metadata = storage.get()
        .metadata(object.bucket(), object.object(), object.generation(), described, fetch.remaining())
        .orElseThrow(() -> SourceException.permanent(Step.FETCH, described + ": no such object or generation")
            .withHint("create the secret, or fix the bucket, object name or generation"));
    Optional<String> key = metadata.customMetadata(KMS_KEY_METADATA);
    if (!metadata.customMetadata(SECRET_METADATA).equals(Optional.of("1")) || key.isEmpty()) {
      throw SourceException.permanent(Step.DECODE, described + " is not a Berglas secret: its metadata lacks "
          + SECRET_METADATA + "=1 and " + KMS_KEY_METADATA).withHint("create it with berglas or deploy/gcp");
    }
    int versions = key.get().indexOf("/cryptoKeyVersions/");
    String cryptoKey = versions < 0 ? key.get() : key.get().substring(0, versions);
    if (metadata.size().isPresent() && metadata.size().getAsLong() > config.maxObjectBytes()) {
      throw SourceException.permanent(Step.DECODE, described + " is larger than the "
          + config.maxObjectBytes() + "-byte limit")
          .withHint("raise GcpSettings.maxObjectBytes for large Berglas secrets");
    }
    // Pinned to the generation the metadata came from, so the key and the body always match.
    byte[] body = reader.read(object.bucket(), object.object(), OptionalLong.of(metadata.generation()),
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

  /**
   * Primes the Cloud Storage transport as {@code gs://} does, and AES-GCM with a throwaway key on a constant
   * envelope. The Cloud KMS step is the Cloud KMS store's to prime.
   */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    try {
      reader.prime(timeout);
    } catch (RuntimeException e) {
      // A bad endpoint setting, say: the first fetch reports it.
    }
    BerglasEnvelope.prime();
  }

  @Override
  public String toString() {
    return "BerglasSource";
  }
}

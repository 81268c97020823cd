package dev.secretfn.gcp;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Reads a whole Cloud Storage object, but never more than the size limit: the read is capped at limit + 1
 * bytes, so an oversized object costs one bounded request and a clear error, not the memory of a function.
 */
final class ObjectReader {
  private final Lazy<Storage> storage;

  @Inject
  ObjectReader(Lazy<Storage> storage) {
    this.storage = storage;
  }

  /**
   * Returns the object's bytes, which the caller owns and must wipe. Every request of the read must finish
   * within {@code timeout}; the bytes are checked against the CRC32C the download declared.
   */
  byte[] read(String bucket, String object, OptionalLong generation, int maxBytes, String described,
      Duration timeout) throws SourceException, InterruptedException {
    BlobId id = generation.isPresent()
        ? BlobId.of(bucket, object, generation.getAsLong())
        : BlobId.of(bucket, object);
    ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
    Optional<String> declaredCrc32c;
    try (StorageCalls.Call call = StorageCalls.open(timeout); ReadChannel reader = storage.get().reader(id)) {
      reader.setChunkSize(0);
      reader.limit(maxBytes + 1L);
      while (buffer.hasRemaining() && reader.read(buffer) >= 0) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while reading " + described);
        }
      }
      declaredCrc32c = call.crc32c();
    } catch (StorageException e) {
      wipe(buffer);
      throw GcpErrors.storage(e, described, Step.FETCH);
    } catch (IOException e) {
      wipe(buffer);
      if (e.getCause() instanceof StorageException) {
        throw GcpErrors.storage((StorageException) e.getCause(), described, Step.FETCH);
      }
      throw GcpErrors.io(e, described, Step.FETCH);
    }
    if (buffer.position() > maxBytes) {
      wipe(buffer);
      throw SourceException.permanent(Step.DECODE, described + " is larger than the " + maxBytes + "-byte limit")
          .withHint("store only the secret in the object, or raise GcpSettings.maxObjectBytes");
    }
    byte[] content = Arrays.copyOf(buffer.array(), buffer.position());
    wipe(buffer);
    // Within the limit, the ranged read returned the whole object, which the declared hash covers.
    if (declaredCrc32c.isPresent() && !declaredCrc32c.get().equals(crc32cBase64(content))) {
      Arrays.fill(content, (byte) 0);
      throw SourceException.retryable(Step.VERIFY, "the content Cloud Storage returned for " + described
          + " failed its CRC32C check (corrupted in transit)");
    }
    return content;
  }

  /** CRC32C as x-goog-hash spells it: base64 of the 4 big-endian bytes. */
  private static String crc32cBase64(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static void wipe(ByteBuffer buffer) {
    Arrays.fill(buffer.array(), (byte) 0);
  }
}

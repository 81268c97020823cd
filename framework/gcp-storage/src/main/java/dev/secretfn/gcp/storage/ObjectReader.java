package dev.secretfn.gcp.storage;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.gcp.internal.GcpErrors;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * Reads a whole Cloud Storage object, but never more than the size limit: the read is capped at limit + 1
 * bytes, so an oversized object costs one bounded request and a clear error, not the memory of a function.
 *
 * <p>Objects stored with {@code contentEncoding: gzip} ({@code gcloud storage cp --gzip-local-all}, {@code
 * gsutil cp -Z}) arrive as stored, compressed: the client always sends {@code Accept-Encoding: gzip}, which turns
 * the service's decompressive transcoding off, and its reader returns the raw body. They are checked against the
 * CRC32C (which covers the stored bytes), then decompressed with the same limit applied to the decompressed
 * bytes, so a gzip bomb fails at DECODE without more than limit + 1 bytes allocated. Any other content encoding
 * fails at DECODE, as secretfn cannot decode it.
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
    StorageCalls.Served served;
    try (StorageCalls.Call call = StorageCalls.open(timeout); ReadChannel reader = storage.get().reader(id)) {
      reader.setChunkSize(0);
      reader.limit(maxBytes + 1L);
      while (buffer.hasRemaining() && reader.read(buffer) >= 0) {
        if (Thread.interrupted()) {
          throw new InterruptedException("interrupted while reading " + described);
        }
      }
      served = call.served();
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
    Optional<String> received = served.contentEncoding();
    if (buffer.position() > maxBytes) {
      wipe(buffer);
      throw SourceException.permanent(Step.DECODE, described + " is larger than the " + maxBytes + "-byte limit"
          + (received.isPresent() ? " (as stored, " + named(received.get()) + "-compressed)" : ""))
          .withHint(SIZE_HINT);
    }
    // Checked before anything else is done with the bytes: a known encoding is all that is trusted.
    Optional<String> unsupported = received.or(served::storedContentEncoding).filter(e -> !isGzip(e));
    if (unsupported.isPresent()) {
      wipe(buffer);
      throw SourceException.permanent(Step.DECODE, described + " is stored with content encoding '"
          + named(unsupported.get()) + "', which secretfn cannot decode (it reads objects stored as they are, or"
          + " gzip-compressed with content encoding gzip)")
          .withHint("re-upload the object uncompressed and without a content encoding (gcloud storage cp without"
              + " --content-encoding), or gzip-compressed (gcloud storage cp --gzip-local-all)");
    }
    byte[] bytes = Arrays.copyOf(buffer.array(), buffer.position());
    wipe(buffer);
    // Within the limit, the ranged read returned the whole object as received, and the hash covers the object as
    // stored. An object served decompressed from gzip storage (transcoded: not to this client, which accepts
    // gzip) cannot be checked; one compressed on the way from identity storage is checked once decompressed.
    Optional<String> stored = served.storedContentEncoding().isPresent() || received.isEmpty()
        ? served.storedContentEncoding() : received;
    boolean hashCoversReceived = stored.equals(received);
    if (hashCoversReceived) {
      verify(bytes, served, described);
    }
    if (received.isEmpty()) {
      return bytes;
    }
    byte[] content;
    try {
      content = gunzip(bytes, maxBytes, described);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    if (!hashCoversReceived && stored.isEmpty()) {
      verify(content, served, described);
    }
    return content;
  }

  private static final String SIZE_HINT = "store only the secret in the object, or raise GcpSettings.maxObjectBytes";

  /** Fails VERIFY (and wipes {@code bytes}) when the declared CRC32C does not match. */
  private static void verify(byte[] bytes, StorageCalls.Served served, String described) throws SourceException {
    if (served.crc32c().isPresent() && !served.crc32c().get().equals(crc32cBase64(bytes))) {
      Arrays.fill(bytes, (byte) 0);
      throw SourceException.retryable(Step.VERIFY, "the content Cloud Storage returned for " + described
          + " failed its CRC32C check (corrupted in transit)");
    }
  }

  /**
   * The content of gzip data, at most {@code maxBytes}: decompression stops at limit + 1 bytes, into one buffer of
   * that size, so a small object that inflates to gigabytes costs no more memory than a large one.
   */
  static byte[] gunzip(byte[] compressed, int maxBytes, String described) throws SourceException {
    byte[] out = new byte[maxBytes + 1];
    int length = 0;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      int n;
      while (length < out.length && (n = in.read(out, length, out.length - length)) >= 0) {
        length += n;
      }
    } catch (IOException e) {
      // The JDK's messages are zlib's fixed texts ("invalid stored block lengths"): never the data.
      Arrays.fill(out, (byte) 0);
      throw SourceException.permanent(Step.DECODE, described + " is stored with content encoding gzip, but its"
          + " content is not valid gzip data (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")")
          .withHint("re-upload the object, gzip-compressed whole (gcloud storage cp --gzip-local-all), or"
              + " uncompressed and without a content encoding");
    }
    if (length > maxBytes) {
      Arrays.fill(out, (byte) 0);
      throw SourceException.permanent(Step.DECODE, described + " decompresses (content encoding gzip) to more"
          + " than the " + maxBytes + "-byte limit").withHint(SIZE_HINT);
    }
    byte[] content = Arrays.copyOf(out, length);
    Arrays.fill(out, (byte) 0);
    return content;
  }

  private static boolean isGzip(String encoding) {
    return encoding.equals("gzip") || encoding.equals("x-gzip");
  }

  /** An encoding as a message may show it: it comes from the object's metadata, so only a short, plain token. */
  private static String named(String encoding) {
    String plain = encoding.replaceAll("[^a-z0-9._+-]", "?");
    return plain.length() <= 32 ? plain : plain.substring(0, 32) + "...";
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

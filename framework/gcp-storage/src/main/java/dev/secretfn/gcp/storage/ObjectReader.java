package dev.secretfn.gcp.storage;

import dagger.Lazy;
import dev.secretfn.Step;
import dev.secretfn.gcp.storage.internal.CloudStorageTransport;
import dev.secretfn.gcp.storage.internal.MediaHeaders;
import dev.secretfn.gcp.storage.internal.ObjectMedia;
import dev.secretfn.gcp.storage.internal.StorageErrors;
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
 * Reads a whole Cloud Storage object, but never more than the size limit, whichever transport carries the read:
 * the transport caps the read at limit + 1 bytes, so an oversized object costs one bounded request and a clear
 * error, not the memory of a function.
 *
 * <p>Objects stored with {@code contentEncoding: gzip} ({@code gcloud storage cp --gzip-local-all}, {@code
 * gsutil cp -Z}) arrive as stored, compressed: both transports send {@code Accept-Encoding: gzip}, which turns the
 * service's decompressive transcoding off, and hand over the raw body. They are checked against the CRC32C (which
 * covers the stored bytes), then decompressed with the same limit applied to the decompressed bytes, so a gzip
 * bomb fails at DECODE without more than limit + 1 bytes allocated. Any other content encoding fails at DECODE,
 * as secretfn cannot decode it.
 *
 * <p>Why check the hash here: google-cloud-storage 2.75.0 skips its own CRC32C check of a media download whenever
 * the answer carries {@code x-goog-stored-content-encoding} or {@code x-goog-stored-content-length} (it takes the
 * object for transcoded), and Cloud Storage sends both on every download; the lean transport has no check of its
 * own. So this class verifies, the same way for both.
 */
final class ObjectReader {
  private final Lazy<CloudStorageTransport> transport;

  @Inject
  ObjectReader(Lazy<CloudStorageTransport> transport) {
    this.transport = transport;
  }

  /**
   * Returns the object's bytes, which the caller owns and must wipe. Every request of the read must finish
   * within {@code timeout}; the bytes are checked against the CRC32C the download declared.
   */
  byte[] read(String bucket, String object, OptionalLong generation, int maxBytes, String described,
      Duration timeout) throws SourceException, InterruptedException {
    ObjectMedia media = transport.get().media(bucket, object, generation, maxBytes, described, timeout);
    byte[] bytes = media.bytes();
    MediaHeaders served = media.headers();
    Optional<String> received = served.contentEncoding();
    if (bytes.length > maxBytes) {
      media.wipe();
      throw StorageErrors.tooLarge(described, maxBytes, received);
    }
    // Checked before anything else is done with the bytes: a known encoding is all that is trusted.
    Optional<String> unsupported = received.or(served::storedContentEncoding).filter(e -> !isGzip(e));
    if (unsupported.isPresent()) {
      media.wipe();
      throw SourceException.permanent(Step.DECODE, described + " is stored with content encoding '"
          + StorageErrors.named(unsupported.get()) + "', which secretfn cannot decode (it reads objects stored as"
          + " they are, or gzip-compressed with content encoding gzip)")
          .withHint("re-upload the object uncompressed and without a content encoding (gcloud storage cp without"
              + " --content-encoding), or gzip-compressed (gcloud storage cp --gzip-local-all)");
    }
    // Within the limit, the ranged read returned the whole object as received, and the hash covers the object as
    // stored. An object served decompressed from gzip storage (transcoded: not to these transports, which accept
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

  /**
   * Primes the transport (see {@link CloudStorageTransport#prime}), then loads and initialises the checks' classes
   * (gzip, CRC32C) on constant bytes. Never throws but for an interrupt.
   */
  void prime(Duration timeout) throws InterruptedException {
    transport.get().prime(timeout);
    primeChecks();
  }

  private static void primeChecks() {
    try {
      crc32cBase64(gunzip(GZIP_OF_NOTHING, 1, "prime"));
    } catch (SourceException e) {
      // constant input: cannot happen, and priming never fails
    }
  }

  /** An empty gzip member (RFC 1952), as the JDK writes it. */
  private static final byte[] GZIP_OF_NOTHING = {31, -117, 8, 0, 0, 0, 0, 0, 0, -1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};

  /** Fails VERIFY (and wipes {@code bytes}) when the declared CRC32C does not match. */
  private static void verify(byte[] bytes, MediaHeaders served, String described) throws SourceException {
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
          + " than the " + maxBytes + "-byte limit").withHint(StorageErrors.sizeHint());
    }
    byte[] content = Arrays.copyOf(out, length);
    Arrays.fill(out, (byte) 0);
    return content;
  }

  private static boolean isGzip(String encoding) {
    return encoding.equals("gzip") || encoding.equals("x-gzip");
  }

  /** CRC32C as x-goog-hash spells it: base64 of the 4 big-endian bytes. */
  private static String crc32cBase64(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}

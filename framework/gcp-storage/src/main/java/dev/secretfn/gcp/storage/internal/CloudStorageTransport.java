package dev.secretfn.gcp.storage.internal;

import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Not an API: the two Cloud Storage calls the {@code gs://} and {@code berglas://} sources make, whatever carries
 * them. The default is the lean transport of this module (the JSON API over the JDK's {@code HttpURLConnection});
 * a function that includes {@code CloudStorageClientTransportModule} (artifact {@code
 * secretfn-gcp-storage-client}) gets google-cloud-storage instead. Both build nothing before their first call,
 * bound every request by the timeout they are given, and report failures through {@link StorageErrors}, so a
 * failure reads the same on either.
 *
 * <p>Implementations are thread-safe.
 */
public interface CloudStorageTransport {
  /**
   * The object's metadata (its live generation, or {@code generation} when pinned); empty when there is no such
   * object or generation.
   *
   * @param described the reference as messages name it, e.g. {@code berglas://bucket/object}
   * @throws SourceException at {@link dev.secretfn.Step#FETCH} for any other failure, classified by {@link
   *     StorageErrors}
   */
  Optional<ObjectMetadata> metadata(String bucket, String object, OptionalLong generation, String described,
      Duration timeout) throws SourceException, InterruptedException;

  /**
   * The object's bytes as Cloud Storage sent them (an object stored gzip-compressed arrives compressed: the
   * request accepts gzip), and what the answer declared about them. The read is capped: at most {@code maxBytes +
   * 1} bytes are ever held, so more than {@code maxBytes} means the object is too large.
   *
   * @throws SourceException at {@link dev.secretfn.Step#FETCH} when the read failed, classified by {@link
   *     StorageErrors}; at {@link dev.secretfn.Step#DECODE} when the answer went past the cap
   */
  ObjectMedia media(String bucket, String object, OptionalLong generation, int maxBytes, String described,
      Duration timeout) throws SourceException, InterruptedException;

  /**
   * Readies the transport's request path without a secret or a credential (see {@code SecretSource#prime}):
   * never throws for a failed call, returns within about {@code timeout}. Does nothing by default.
   */
  default void prime(Duration timeout) throws InterruptedException {}
}

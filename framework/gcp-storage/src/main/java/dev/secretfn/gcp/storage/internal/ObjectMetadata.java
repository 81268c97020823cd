package dev.secretfn.gcp.storage.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Not an API: what a source reads from an object's metadata, whichever transport fetched it. Metadata is no
 * secret (Berglas keeps the name of its key there), but {@link #toString()} shows the generation and size only.
 */
public final class ObjectMetadata {
  private final long generation;
  private final OptionalLong size;
  private final Optional<String> contentEncoding;
  private final Function<String, Optional<String>> customMetadata;

  private ObjectMetadata(long generation, OptionalLong size, Optional<String> contentEncoding,
      Function<String, Optional<String>> customMetadata) {
    this.generation = generation;
    this.size = size;
    this.contentEncoding = contentEncoding;
    this.customMetadata = customMetadata;
  }

  /**
   * @param customMetadata looks up one key of the object's custom metadata (empty when absent); the lean transport
   *     reads it from the JSON it received, the official one from the client's map
   */
  public static ObjectMetadata of(long generation, OptionalLong size, Optional<String> contentEncoding,
      Function<String, Optional<String>> customMetadata) {
    return new ObjectMetadata(generation, Objects.requireNonNull(size, "size"),
        Objects.requireNonNull(contentEncoding, "contentEncoding"),
        Objects.requireNonNull(customMetadata, "customMetadata"));
  }

  /** The generation these metadata describe: the one to pin the content read to. */
  public long generation() {
    return generation;
  }

  /** The stored size in bytes, when the answer said. */
  public OptionalLong size() {
    return size;
  }

  /** The object's {@code contentEncoding} property, when set. */
  public Optional<String> contentEncoding() {
    return contentEncoding;
  }

  /** One value of the object's custom metadata. */
  public Optional<String> customMetadata(String key) {
    return customMetadata.apply(key);
  }

  @Override
  public String toString() {
    return "ObjectMetadata[generation=" + generation + (size.isPresent() ? ", size=" + size.getAsLong() : "") + "]";
  }
}

package dev.secretfn.testing.emulator;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The object store the storage emulators share: buckets, and every version of every object, oldest first, the
 * newest being the live one. Version ids are either Cloud Storage's generations (microsecond timestamps, strictly
 * increasing across the store) or S3's version ids (32 random characters).
 *
 * <p>A building block for emulators (the Cloud Storage and S3 ones, or a store author's own), public only so
 * that the emulator modules can share it: not an API for tests, and it may change in any release. Thread-safe:
 * each write is atomic, and {@link #put(String, String, Content, Precondition)} checks its precondition and
 * writes as one step. Each version computes the digests both protocols serve (MD5, CRC32C, CRC32) once, when
 * it is stored.
 */
public final class VersionedObjects {
  private static final char[] VERSION_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._".toCharArray();

  /** Every version of every object, oldest first, keyed by {@code bucket/key}. */
  private final Map<String, List<Version>> objects = new ConcurrentHashMap<>();
  private final Set<String> buckets = ConcurrentHashMap.newKeySet();
  private final Supplier<Stamp> stamps;

  private VersionedObjects(Supplier<Stamp> stamps) {
    this.stamps = stamps;
  }

  /** A store whose version ids are Cloud Storage generations: microseconds since the epoch, strictly increasing. */
  public static VersionedObjects withGenerations() {
    AtomicLong last = new AtomicLong();
    return new VersionedObjects(() -> {
      Instant now = Instant.now();
      long generation = last.updateAndGet(l -> Math.max(l + 1, now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000));
      return new Stamp(String.valueOf(generation),
          Instant.ofEpochSecond(generation / 1_000_000L, (generation % 1_000_000L) * 1_000L));
    });
  }

  /** A store whose version ids are S3's: 32 random characters of {@code [A-Za-z0-9._]}. */
  public static VersionedObjects withRandomVersionIds() {
    SecureRandom random = new SecureRandom();
    return new VersionedObjects(() -> {
      char[] id = new char[32];
      for (int i = 0; i < id.length; i++) {
        id[i] = VERSION_CHARS[random.nextInt(VERSION_CHARS.length)];
      }
      return new Stamp(new String(id), Instant.now());
    });
  }

  /** Creates an empty bucket; does nothing if it exists. */
  public void createBucket(String bucket) {
    buckets.add(Objects.requireNonNull(bucket, "bucket"));
  }

  public boolean bucketExists(String bucket) {
    return buckets.contains(bucket);
  }

  /** Every version of {@code bucket/key}, oldest first; empty if there is none. */
  public List<Version> versions(String bucket, String key) {
    return objects.getOrDefault(bucket + "/" + key, List.of());
  }

  /** The live (newest) version of {@code bucket/key}. */
  public Optional<Version> live(String bucket, String key) {
    List<Version> versions = versions(bucket, key);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** The version {@code versionId} of {@code bucket/key}. */
  public Optional<Version> version(String bucket, String key, String versionId) {
    return versions(bucket, key).stream().filter(v -> v.id.equals(versionId)).findFirst();
  }

  /** Stores {@code content} as the new live version of {@code bucket/key} (the bucket need not exist). */
  public Version put(String bucket, String key, Content content) {
    return put(bucket, key, content, live -> { });
  }

  /**
   * Checks {@code precondition} against the live version and, if it passes, stores {@code content} as the new
   * live version, as one step.
   */
  public <E extends Exception> Version put(String bucket, String key, Content content, Precondition<E> precondition)
      throws E {
    Objects.requireNonNull(content, "content");
    synchronized (objects) { // the precondition, the new version id and the write as one step
      precondition.check(live(bucket, key));
      Version stored = new Version(bucket, key, stamps.get(), content);
      List<Version> next = new ArrayList<>(versions(bucket, key));
      next.add(stored);
      objects.put(bucket + "/" + key, List.copyOf(next));
      return stored;
    }
  }

  /** How many buckets exist. */
  public int bucketCount() {
    return buckets.size();
  }

  /** How many objects (not versions) exist. */
  public int objectCount() {
    return objects.size();
  }

  @Override
  public String toString() {
    return "VersionedObjects[" + buckets.size() + " buckets, " + objects.size() + " objects]";
  }

  /** A check on the live version (empty for a new object) before a write. */
  @FunctionalInterface
  public interface Precondition<E extends Exception> {
    void check(Optional<Version> live) throws E;
  }

  /** What a write stores: the bytes as kept, their content type, custom metadata and content encoding. */
  public static final class Content {
    private final byte[] bytes;
    private final String contentType;
    private final Map<String, String> metadata;
    private final String contentEncoding;

    private Content(byte[] bytes, String contentType, Map<String, String> metadata, String contentEncoding) {
      this.bytes = bytes;
      this.contentType = contentType;
      this.metadata = metadata;
      this.contentEncoding = contentEncoding;
    }

    /** A copy of {@code bytes} with {@code contentType}, no metadata and no content encoding. */
    public static Content of(byte[] bytes, String contentType) {
      return new Content(bytes.clone(), Objects.requireNonNull(contentType, "contentType"), Map.of(), null);
    }

    /** This content with custom {@code metadata} (copied). */
    public Content withMetadata(Map<String, String> metadata) {
      return new Content(bytes, contentType, Collections.unmodifiableMap(new LinkedHashMap<>(metadata)),
          contentEncoding);
    }

    /** This content with the property {@code contentEncoding} (e.g. {@code gzip}); none when null or empty. */
    public Content withContentEncoding(String contentEncoding) {
      return new Content(bytes, contentType, metadata,
          contentEncoding == null || contentEncoding.isEmpty() ? null : contentEncoding);
    }
  }

  /** One version of an object; its content leaves only as a copy. */
  public static final class Version {
    private final String bucket;
    private final String key;
    private final String id;
    private final Instant created;
    private final Content content;
    private final byte[] md5;
    private final long crc32c;
    private final long crc32;

    private Version(String bucket, String key, Stamp stamp, Content content) {
      this.bucket = bucket;
      this.key = key;
      this.id = stamp.id;
      this.created = stamp.created;
      this.content = content;
      this.md5 = Digests.md5(content.bytes);
      this.crc32c = Digests.crc32c(content.bytes);
      this.crc32 = Digests.crc32(content.bytes);
    }

    public String bucket() {
      return bucket;
    }

    public String key() {
      return key;
    }

    /** The version id: a generation, in decimal, or an S3 version id. */
    public String id() {
      return id;
    }

    public Instant created() {
      return created;
    }

    /** A copy of the bytes as stored. */
    public byte[] content() {
      return content.bytes.clone();
    }

    /** The stored size in bytes. */
    public int size() {
      return content.bytes.length;
    }

    public String contentType() {
      return content.contentType;
    }

    /** The custom metadata; may be empty, never null. */
    public Map<String, String> metadata() {
      return content.metadata;
    }

    /** The content encoding property, such as {@code gzip}. */
    public Optional<String> contentEncoding() {
      return Optional.ofNullable(content.contentEncoding);
    }

    /** A copy of the MD5 digest of the stored bytes. */
    public byte[] md5() {
      return md5.clone();
    }

    /** The CRC32C of the stored bytes, unsigned. */
    public long crc32c() {
      return crc32c;
    }

    /** The CRC32 of the stored bytes, unsigned. */
    public long crc32() {
      return crc32;
    }

    @Override
    public String toString() {
      return "Version[" + bucket + "/" + key + "#" + id + ", " + content.bytes.length + " bytes]";
    }
  }

  private static final class Stamp {
    final String id;
    final Instant created;

    Stamp(String id, Instant created) {
      this.id = id;
      this.created = created;
    }
  }
}

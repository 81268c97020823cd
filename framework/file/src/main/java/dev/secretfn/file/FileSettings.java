package dev.secretfn.file;

/**
 * Settings of the {@code file://} store. Immutable; the defaults are right for production, so most functions never
 * bind one. Bind one in a Dagger module to change them:
 *
 * <pre>{@code
 * @Provides static FileSettings fileSettings() {
 *   return FileSettings.builder().maxFileBytes(256 * 1024).build();
 * }
 * }</pre>
 */
public final class FileSettings {
  /** The default largest file the store reads, 64 KiB: the same limit as the other stores' objects. */
  public static final int DEFAULT_MAX_FILE_BYTES = 64 * 1024;
  /** The largest limit a builder accepts, 4 MiB, as for the other stores. */
  public static final int MAX_FILE_BYTES_LIMIT = 4 * 1024 * 1024;

  private final int maxFileBytes;

  private FileSettings(int maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  public static FileSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The largest file read, in bytes; a larger one fails start-up at DECODE. */
  public int maxFileBytes() {
    return maxFileBytes;
  }

  @Override
  public String toString() {
    return "FileSettings[maxFileBytes=" + maxFileBytes + "]";
  }

  /** Builds {@link FileSettings}; each value is checked as it is set. Not thread-safe. */
  public static final class Builder {
    private int maxFileBytes = DEFAULT_MAX_FILE_BYTES;

    private Builder() {}

    /**
     * The largest file read.
     *
     * @throws IllegalArgumentException unless 1 to {@value FileSettings#MAX_FILE_BYTES_LIMIT}
     */
    public Builder maxFileBytes(int maxFileBytes) {
      if (maxFileBytes < 1 || maxFileBytes > MAX_FILE_BYTES_LIMIT) {
        throw new IllegalArgumentException("maxFileBytes must be between 1 and " + MAX_FILE_BYTES_LIMIT);
      }
      this.maxFileBytes = maxFileBytes;
      return this;
    }

    public FileSettings build() {
      return new FileSettings(maxFileBytes);
    }
  }
}

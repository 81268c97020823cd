package dev.secretfn.file;

import dev.secretfn.Secret;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads {@code file://} references from the local file system, once each at start-up: no network, no client, so
 * nothing to build lazily and nothing to {@link #prime}. The resolver selects {@code #field}s from the bytes, so all
 * fields of one file come from one read.
 */
final class FileSource implements SecretSource {
  private final FileSettings settings;

  FileSource(FileSettings settings) {
    this.settings = settings;
  }

  @Override
  public Scheme scheme() {
    return MountedFile.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    MountedFile file = (MountedFile) fetch.reference();
    byte[] content = MountReader.read(Path.of(file.path()), settings.maxFileBytes(), file.describe());
    try {
      return Secret.copyOf(content);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /** Nothing to ready: there is no transport, and reading a file before the checkpoint could put it in a snapshot. */
  @Override
  public void prime(java.time.Duration timeout) {}

  @Override
  public String toString() {
    return "FileSource[" + settings + "]";
  }
}

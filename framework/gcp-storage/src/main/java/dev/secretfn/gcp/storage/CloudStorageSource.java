package dev.secretfn.gcp.storage;

import dev.secretfn.Secret;
import dev.secretfn.gcp.internal.GcpConfig;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;

/**
 * Reads {@code gs://} objects. The resolver selects {@code #field}s from the bytes, so all fields of one
 * object come from one read.
 */
final class CloudStorageSource implements SecretSource {
  private final ObjectReader reader;
  private final GcpConfig config;

  @Inject
  CloudStorageSource(ObjectReader reader, GcpConfig config) {
    this.reader = reader;
    this.config = config;
  }

  @Override
  public Scheme scheme() {
    return GcsObject.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    GcsObject object = (GcsObject) fetch.reference();
    byte[] content = reader.read(object.bucket(), object.object(), object.generation(),
        config.maxObjectBytes(), object.describe(), fetch.remaining());
    try {
      return Secret.copyOf(content);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /** Builds the transport and runs its request path on an object that cannot exist, without credentials. */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    try {
      reader.prime(timeout);
    } catch (RuntimeException e) {
      // A bad endpoint setting, say: the first fetch reports it.
    }
  }

  @Override
  public String toString() {
    return "CloudStorageSource";
  }
}

package dev.secretfn.gcp;

import dev.secretfn.Secret;
import dev.secretfn.gcp.GcpClientsModule.ResolvedGcpSettings;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.util.Arrays;

/**
 * Reads {@code gs://} objects. The resolver selects {@code #field}s from the bytes, so all fields of one
 * object come from one read.
 */
final class CloudStorageSource implements SecretSource {
  private final ObjectReader reader;
  private final ResolvedGcpSettings settings;

  @Inject
  CloudStorageSource(ObjectReader reader, ResolvedGcpSettings settings) {
    this.reader = reader;
    this.settings = settings;
  }

  @Override
  public Scheme scheme() {
    return GcsObject.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    GcsObject object = (GcsObject) fetch.reference();
    byte[] content = reader.read(object.bucket(), object.object(), object.generation(),
        settings.settings.maxObjectBytes(), object.describe(), fetch.remaining());
    try {
      return Secret.copyOf(content);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "CloudStorageSource";
  }
}

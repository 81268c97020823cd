package dev.secretfn.gcp.secretmanager;

import dev.secretfn.Secret;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/** Reads Berglas's {@code sm://} references from Secret Manager, on the same reader as {@code gcp-sm://}. */
final class BerglasSecretManagerSource implements SecretSource {
  private final SecretVersionReader reader;

  @Inject
  BerglasSecretManagerSource(SecretVersionReader reader) {
    this.reader = reader;
  }

  @Override
  public Scheme scheme() {
    return BerglasSecretManagerSecret.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    BerglasSecretManagerSecret secret = (BerglasSecretManagerSecret) fetch.reference();
    return reader.read(secret.versionName(), Optional.empty(), secret.version(), secret.describe(),
        fetch.remaining());
  }

  /** The reader is shared with {@code gcp-sm://}, whose source primes it; priming it twice costs one more call. */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    reader.prime(timeout);
  }

  @Override
  public String toString() {
    return "BerglasSecretManagerSource";
  }
}

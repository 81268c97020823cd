package dev.secretfn.gcp.secretmanager;

import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;

/** Reads Berglas's {@code sm://} references from Secret Manager, on the same reader as {@code gcp-sm://}. */
final class BerglasSecretManagerSource implements SecretSource {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** Built on first use, so that a component that binds the module but reads no secret builds nothing. */
  private final Lazy<SecretVersionReader> reader;

  @Inject
  BerglasSecretManagerSource(Lazy<SecretVersionReader> reader) {
    this.reader = reader;
  }

  @Override
  public Scheme scheme() {
    return BerglasSecretManagerSecret.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    BerglasSecretManagerSecret secret = (BerglasSecretManagerSecret) fetch.reference();
    return reader.get().read(secret.versionName(), Optional.empty(), secret.version(), secret.describe(),
        fetch.remaining());
  }

  /** Primes the reader shared with {@code gcp-sm://} (once, whichever source asks first). */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    try {
      reader.get().prime(timeout);
    } catch (RuntimeException e) {
      // A bad endpoint setting, say: the first fetch reports it.
      LOG.log(Level.DEBUG, () -> "secretfn: priming Secret Manager failed: " + e.getClass().getName());
    }
  }

  @Override
  public String toString() {
    return "BerglasSecretManagerSource";
  }
}

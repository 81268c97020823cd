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

/**
 * Reads {@code gcp-sm://} secret versions, global or regional. The resolver selects {@code #field}s from the
 * payload, so all fields of one version come from one read.
 */
final class SecretManagerSource implements SecretSource {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** Built on first use, so that a component that binds the module but reads no secret builds nothing. */
  private final Lazy<SecretVersionReader> reader;

  @Inject
  SecretManagerSource(Lazy<SecretVersionReader> reader) {
    this.reader = reader;
  }

  @Override
  public Scheme scheme() {
    return SecretManagerSecret.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    SecretManagerSecret secret = (SecretManagerSecret) fetch.reference();
    return reader.get().read(secret.versionName(), secret.location(), secret.version(), secret.describe(),
        fetch.remaining());
  }

  /** Runs the request path on a version that cannot exist, without credentials ({@link SecretVersionReader#prime}). */
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
    return "SecretManagerSource";
  }
}

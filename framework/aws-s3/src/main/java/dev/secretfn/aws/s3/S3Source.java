package dev.secretfn.aws.s3;

import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.s3.internal.S3Transport;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;

/**
 * Reads {@code s3://} objects, never more than the size limit: the transport reads the body up to limit + 1
 * bytes and drops the connection, so an oversized object costs a clear error, not memory. Fields are selected by
 * the resolver, so all fields of one object come from one read.
 */
final class S3Source implements SecretSource {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Lazy<S3Transport> transport;
  private final AwsConfig config;

  @Inject
  S3Source(Lazy<S3Transport> transport, AwsConfig config) {
    this.transport = transport;
    this.config = config;
  }

  @Override
  public Scheme scheme() {
    return S3Object.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    S3Object object = (S3Object) fetch.reference();
    byte[] content = AwsErrors.built(transport).getObject(object, config.maxObjectBytes(), fetch.remaining());
    try {
      return Secret.copyOf(content);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /** Builds the transport and primes it; a failure (AWS_REGION unset, say) is left for the first fetch to report. */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    try {
      AwsErrors.built(transport).prime(timeout);
    } catch (SourceException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "secretfn: S3 source not primed: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "S3Source";
  }
}

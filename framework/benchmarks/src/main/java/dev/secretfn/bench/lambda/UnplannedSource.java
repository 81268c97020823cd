package dev.secretfn.bench.lambda;

import dev.secretfn.Secret;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import java.time.Duration;

/**
 * A source that forwards everything to {@code delegate} but {@link #expect}: the SSM source then has no batches
 * planned and reads each reference alone, one GetParameters call per parameter. Benchmark only; no production
 * setting turns batching off.
 */
final class UnplannedSource implements SecretSource {
  private final SecretSource delegate;

  UnplannedSource(SecretSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public Scheme scheme() {
    return delegate.scheme();
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    return delegate.fetch(fetch);
  }

  // expect(...) is deliberately not forwarded: the default does nothing.

  @Override
  public void resolutionFinished() {
    delegate.resolutionFinished();
  }

  @Override
  public void prime(Duration timeout) throws InterruptedException {
    delegate.prime(timeout);
  }

  @Override
  public String toString() {
    return "Unplanned[" + delegate + "]";
  }
}

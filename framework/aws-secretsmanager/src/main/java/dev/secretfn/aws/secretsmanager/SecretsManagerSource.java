package dev.secretfn.aws.secretsmanager;

import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.secretsmanager.internal.SecretsManagerTransport;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;

/**
 * Reads {@code aws-sm://} secrets with one {@code GetSecretValue} call each, in the region of the ARN the
 * reference names, else the function's. Fields are selected by the resolver, so all fields of one JSON secret
 * come from one call.
 */
final class SecretsManagerSource implements SecretSource {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Lazy<SecretsManagerTransport> transport;
  private final AwsConfig config;

  @Inject
  SecretsManagerSource(Lazy<SecretsManagerTransport> transport, AwsConfig config) {
    this.transport = transport;
    this.config = config;
  }

  @Override
  public Scheme scheme() {
    return SecretsManagerSecret.SCHEME;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    SecretsManagerSecret secret = (SecretsManagerSecret) fetch.reference();
    String region;
    try {
      region = config.regionOf(secret.arn());
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage());
    }
    byte[] value = AwsErrors.built(transport).getSecretValue(new SecretsManagerTransport.GetSecretValue(
        secret, region, config.maxObjectBytes(), fetch.remaining()));
    try {
      return Secret.copyOf(value);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  /** Builds the transport and primes it; a failure (a malformed endpoint variable) is left for the first fetch. */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    try {
      AwsErrors.built(transport).prime(timeout);
    } catch (SourceException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "secretfn: AWS Secrets Manager source not primed: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "SecretsManagerSource";
  }
}

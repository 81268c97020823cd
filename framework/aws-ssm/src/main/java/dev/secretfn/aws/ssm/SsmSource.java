package dev.secretfn.aws.ssm;

import dagger.Lazy;
import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.aws.internal.AwsConfig;
import dev.secretfn.aws.internal.AwsErrors;
import dev.secretfn.aws.ssm.internal.SsmErrors;
import dev.secretfn.aws.ssm.internal.SsmTransport;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code ssm://} parameters in the function's region, ten to a {@code GetParameters} call: {@link #expect}
 * groups the references of one start-up into batches of at most ten in the order of their variables, and the
 * fetches of a batch share its calls ({@link SsmBatch}). A reference that was not expected is read alone.
 */
final class SsmSource implements SecretSource {
  /** What {@code GetParameters} takes at most. */
  static final int MAX_NAMES = 10;
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Lazy<SsmTransport> transport;
  private final AwsConfig config;
  /** The batches of the resolution in progress, by selector; replaced by each {@link #expect}. */
  private volatile Map<String, SsmBatch> plan = Map.of();

  @Inject
  SsmSource(Lazy<SsmTransport> transport, AwsConfig config) {
    this.transport = transport;
    this.config = config;
  }

  @Override
  public Scheme scheme() {
    return SsmParameter.SCHEME;
  }

  @Override
  public void expect(List<SecretReference> references) {
    List<String> selectors = new ArrayList<>();
    for (SecretReference reference : references) {
      String selector = ((SsmParameter) reference).selector();
      if (!selectors.contains(selector)) {
        selectors.add(selector);
      }
    }
    Map<String, SsmBatch> batches = new HashMap<>();
    for (int from = 0; from < selectors.size(); from += MAX_NAMES) {
      List<String> members = selectors.subList(from, Math.min(selectors.size(), from + MAX_NAMES));
      SsmBatch batch = new SsmBatch(members);
      members.forEach(s -> batches.put(s, batch));
    }
    plan = batches;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    SsmParameter parameter = (SsmParameter) fetch.reference();
    String region;
    try {
      region = config.regionOf(Optional.empty());
    } catch (IllegalStateException e) {
      throw SourceException.permanent(Step.SOURCE_SETUP, e.getMessage());
    }
    SsmTransport built = AwsErrors.built(transport);
    SsmBatch.Call call = (selectors, timeout) -> built.getParameters(region, selectors, timeout);
    SsmBatch.Invalid invalid = selector -> SsmErrors.invalid(parameter, region);
    SsmBatch batch = plan.get(parameter.selector());
    byte[] value = batch == null
        ? SsmBatch.alone(parameter.selector(), fetch.remaining(), call, invalid)
        : batch.fetch(parameter.selector(), fetch.remaining(), call, invalid);
    try {
      if (value.length > config.maxObjectBytes()) {
        throw SourceException.permanent(Step.DECODE, "the value of " + parameter.selector() + " is larger than the "
            + config.maxObjectBytes() + "-byte limit").withHint("raise AwsSettings.maxObjectBytes");
      }
      return Secret.copyOf(value);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  /** Wipes what abandoned fetches left in the batches, and forgets them. */
  @Override
  public void resolutionFinished() {
    Map<String, SsmBatch> finished = plan;
    plan = Map.of();
    finished.values().stream().distinct().forEach(SsmBatch::wipe);
  }

  /** Builds the transport and primes it; never throws for a failure. */
  @Override
  public void prime(Duration timeout) throws InterruptedException {
    SsmTransport built;
    try {
      built = transport.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "secretfn: priming SSM: " + e.getClass().getSimpleName());
      return; // a set-up problem: the first fetch reports it
    }
    built.prime(timeout);
  }

  @Override
  public String toString() {
    return "SsmSource";
  }
}

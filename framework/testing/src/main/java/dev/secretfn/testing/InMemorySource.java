package dev.secretfn.testing;

import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SecretSource} for tests that serves plaintexts from memory for one scheme, with knobs for latency
 * and faults and counters to assert on. Thread-safe. A test may {@linkplain #rotate rotate} a value, change the
 * {@linkplain #setLatency latency} and {@linkplain #failNow fail} a reference while the source is in use, as a
 * store's secrets rotate and its service falters under a running function.
 *
 * <pre>{@code
 * InMemorySource mem = InMemorySource.builder(Scheme.of("mem"))
 *     .putUtf8("mem://db.json", "{\"user\":\"app\",\"password\":\"s3cret\"}")
 *     .latency(Duration.ofMillis(100))
 *     .failTransiently("mem://db.json", 2)   // two 503-like failures, then success
 *     .build();
 * SecretResolver resolver = SecretResolver.create(List.of(mem.syntax()), List.of(mem), settings);
 * }</pre>
 *
 * <p>Values are keyed by the canonical written reference without its field, so {@code mem://db.json#user} and
 * {@code mem://db.json#password} are served (and counted) by one entry. The source serves the references of
 * {@link #syntax()} ({@code SCHEME://NAME[#FIELD]}), or, standing in for a real store, the references of that
 * store's syntax written in their canonical form.
 */
public final class InMemorySource implements SecretSource {
  private final Scheme scheme;
  private final Map<String, byte[]> values;
  private volatile Duration latency;
  private final Map<String, AtomicInteger> transientFailuresLeft;
  private final Map<String, SourceException> permanentFailures;
  private final Map<String, AtomicInteger> fetchesByReference = new ConcurrentHashMap<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private InMemorySource(Builder b) {
    this.scheme = b.scheme;
    this.values = new ConcurrentHashMap<>(b.values);
    this.latency = b.latency;
    this.transientFailuresLeft = new ConcurrentHashMap<>();
    b.transientFailures.forEach((k, n) -> transientFailuresLeft.put(k, new AtomicInteger(n)));
    this.permanentFailures = new ConcurrentHashMap<>(b.permanentFailures);
  }

  public static Builder builder(Scheme scheme) {
    return new Builder(Objects.requireNonNull(scheme, "scheme"));
  }

  @Override
  public Scheme scheme() {
    return scheme;
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    String key = fetch.reference().format();
    log.add(key);
    fetchesByReference.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      Duration delay = latency;
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
      }
      AtomicInteger left = transientFailuresLeft.get(key);
      if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw SourceException.retryable(Step.FETCH, "503 Service Unavailable from the in-memory source");
      }
      SourceException permanent = permanentFailures.get(key);
      if (permanent != null) {
        throw permanent;
      }
      byte[] value = values.get(key);
      if (value == null) {
        throw SourceException.permanent(Step.FETCH, "404 Not Found: no such secret in the in-memory source")
            .withHint("put it into the InMemorySource");
      }
      return Secret.copyOf(value);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Serves a copy of {@code value} for {@code reference} from now on: a new version in the store. */
  public void rotate(String reference, byte[] value) {
    values.put(ownKey(scheme, reference), value.clone());
  }

  /** Serves the UTF-8 bytes of {@code value} for {@code reference} from now on. */
  public void rotateUtf8(String reference, String value) {
    rotate(reference, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Delays every fetch that starts from now on by {@code latency} (interruptibly). */
  public void setLatency(Duration latency) {
    this.latency = checkedLatency(latency);
  }

  /** Fails every fetch of {@code reference} from now on with a permanent error at {@code step}, until {@link #heal}. */
  public void failNow(String reference, Step step, String message, String hint) {
    permanentFailures.put(ownKey(scheme, reference), SourceException.permanent(step, message).withHint(hint));
  }

  /** Ends the permanent failures of {@code reference}, whether set by the builder or by {@link #failNow}. */
  public void heal(String reference) {
    permanentFailures.remove(ownKey(scheme, reference));
  }

  /** Fetch attempts so far, over all references. */
  public int fetchCount() {
    return log.size();
  }

  /** Fetch attempts so far for {@code reference} (its field, if any, is ignored). */
  public int fetchCount(String reference) {
    AtomicInteger count = fetchesByReference.get(key(reference));
    return count == null ? 0 : count.get();
  }

  /** The most fetches that were in progress at the same moment. */
  public int maxConcurrentFetches() {
    return maxInFlight.get();
  }

  /** Every fetched reference (without field), in the order the attempts started. */
  public List<String> fetchLog() {
    return List.copyOf(log);
  }

  @Override
  public String toString() {
    return "InMemorySource[" + scheme + ", " + values.size() + " values]";
  }

  /**
   * The plain syntax of this source's scheme, {@code SCHEME://NAME[#FIELD]}, for components and resolvers
   * that use the in-memory source on its own scheme.
   */
  public ReferenceSyntax syntax() {
    return new NamedSecret.Syntax(scheme);
  }

  /** The written reference without its {@code #field}. */
  private static String key(String reference) {
    int hash = reference.indexOf('#');
    return hash < 0 ? reference : reference.substring(0, hash);
  }

  /** Builds an {@link InMemorySource}; each method validates its input at once. */
  public static final class Builder {
    private final Scheme scheme;
    private final Map<String, byte[]> values = new HashMap<>();
    private final Map<String, Integer> transientFailures = new HashMap<>();
    private final Map<String, SourceException> permanentFailures = new HashMap<>();
    private Duration latency = Duration.ZERO;

    private Builder(Scheme scheme) {
      this.scheme = scheme;
    }

    /** Serves a copy of {@code value} for {@code reference}, a reference of this source's scheme. */
    public Builder put(String reference, byte[] value) {
      values.put(ownKey(reference), value.clone());
      return this;
    }

    /** Serves the UTF-8 bytes of {@code value} for {@code reference}. */
    public Builder putUtf8(String reference, String value) {
      return put(reference, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Delays every fetch by {@code latency} (interruptibly). */
    public Builder latency(Duration latency) {
      this.latency = checkedLatency(latency);
      return this;
    }

    /** Fails the first {@code times} fetches of {@code reference} with a retryable error. */
    public Builder failTransiently(String reference, int times) {
      if (times < 1) {
        throw new IllegalArgumentException("times must be at least 1");
      }
      transientFailures.put(ownKey(reference), times);
      return this;
    }

    /** Fails every fetch of {@code reference} with a permanent error at {@code step}. */
    public Builder failPermanently(String reference, Step step, String message, String hint) {
      permanentFailures.put(ownKey(reference), SourceException.permanent(step, message).withHint(hint));
      return this;
    }

    public InMemorySource build() {
      return new InMemorySource(this);
    }

    private String ownKey(String reference) {
      return InMemorySource.ownKey(scheme, reference);
    }
  }

  private static String ownKey(Scheme scheme, String reference) {
    String key = key(reference);
    if (!key.startsWith(scheme.id() + "://")) {
      throw new IllegalArgumentException("this source serves " + scheme + " references only");
    }
    return key;
  }

  private static Duration checkedLatency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    return latency;
  }
}

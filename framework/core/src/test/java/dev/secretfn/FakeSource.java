package dev.secretfn;

import dev.secretfn.ref.BareCiphertextSyntax;
import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SecretSource;
import dev.secretfn.spi.SourceException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Core's own in-memory store for the resolver and injection tests: a source that serves plaintexts for one
 * scheme, with latency and fault knobs and counters, and the plain syntax {@code SCHEME://NAME[#FIELD]} of its
 * references. Core cannot use secretfn-testing's {@code InMemorySource} (that module depends on core), so this
 * is the smallest copy of it the tests need. Values are keyed by the written reference without its field.
 */
final class FakeSource implements SecretSource {
  private final Scheme scheme;
  private final Map<String, byte[]> values;
  private volatile Duration latency;
  private final Map<String, AtomicInteger> transientFailuresLeft = new ConcurrentHashMap<>();
  private final Map<String, SourceException> permanentFailures;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private FakeSource(Builder b) {
    this.scheme = b.scheme;
    this.values = new ConcurrentHashMap<>(b.values);
    this.latency = b.latency;
    b.transientFailures.forEach((k, n) -> transientFailuresLeft.put(k, new AtomicInteger(n)));
    this.permanentFailures = new ConcurrentHashMap<>(b.permanentFailures);
  }

  static Builder builder(String schemeId) {
    return new Builder(Scheme.of(schemeId));
  }

  @Override
  public Scheme scheme() {
    return scheme;
  }

  /** The syntax of this source's references, {@code SCHEME://NAME[#FIELD]}. */
  ReferenceSyntax syntax() {
    return new Syntax(scheme);
  }

  @Override
  public Secret fetch(Fetch fetch) throws SourceException, InterruptedException {
    String key = fetch.reference().format();
    log.add(key);
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      Duration delay = latency;
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      AtomicInteger left = transientFailuresLeft.get(key);
      if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw SourceException.retryable(Step.FETCH, "503 Service Unavailable from the fake source");
      }
      SourceException permanent = permanentFailures.get(key);
      if (permanent != null) {
        throw permanent;
      }
      byte[] value = values.get(key);
      if (value == null) {
        throw SourceException.permanent(Step.FETCH, "404 Not Found: no such secret in the fake source");
      }
      return Secret.copyOf(value);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Serves {@code value} for {@code reference} from now on: a rotation in the store. */
  void rotateUtf8(String reference, String value) {
    values.put(reference, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Delays every fetch that starts from now on by {@code latency}. */
  void setLatency(Duration latency) {
    this.latency = latency;
  }

  /** Fails every fetch of {@code reference} from now on with a permanent error, until {@link #heal}. */
  void failPermanentlyNow(String reference, Step step, String message, String hint) {
    permanentFailures.put(reference, SourceException.permanent(step, message).withHint(hint));
  }

  /** Ends the failures {@link #failPermanentlyNow} set for {@code reference}. */
  void heal(String reference) {
    permanentFailures.remove(reference);
  }

  int fetchCount() {
    return log.size();
  }

  int fetchCount(String reference) {
    return (int) log.stream().filter(reference::equals).count();
  }

  int maxConcurrentFetches() {
    return maxInFlight.get();
  }

  List<String> fetchLog() {
    return List.copyOf(log);
  }

  static final class Builder {
    private final Scheme scheme;
    private final Map<String, byte[]> values = new HashMap<>();
    private final Map<String, Integer> transientFailures = new HashMap<>();
    private final Map<String, SourceException> permanentFailures = new HashMap<>();
    private Duration latency = Duration.ZERO;

    private Builder(Scheme scheme) {
      this.scheme = scheme;
    }

    Builder put(String reference, byte[] value) {
      values.put(ownKey(reference), value.clone());
      return this;
    }

    Builder putUtf8(String reference, String value) {
      return put(reference, value.getBytes(StandardCharsets.UTF_8));
    }

    Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    Builder failTransiently(String reference, int times) {
      transientFailures.put(ownKey(reference), times);
      return this;
    }

    Builder failPermanently(String reference, Step step, String message, String hint) {
      permanentFailures.put(ownKey(reference), SourceException.permanent(step, message).withHint(hint));
      return this;
    }

    FakeSource build() {
      return new FakeSource(this);
    }

    private String ownKey(String reference) {
      if (!reference.startsWith(scheme.prefix()) || reference.indexOf('#') >= 0) {
        throw new IllegalArgumentException("expected a " + scheme + " reference without a field");
      }
      return reference;
    }
  }

  /** {@code SCHEME://NAME[#FIELD]}. */
  record Ref(Scheme scheme, String name, Optional<String> field) implements SecretReference {
    Ref {
      ReferenceRules.objectName(name);
      field.ifPresent(ReferenceRules::field);
    }

    @Override
    public Ref withoutField() {
      return new Ref(scheme, name, Optional.empty());
    }

    /** Names ending in {@code /latest} stand for a store's unpinned form. */
    @Override
    public boolean pinned() {
      return !name.endsWith("/latest");
    }

    @Override
    public String format() {
      return scheme.prefix() + ReferenceRules.percentEncode(name)
          + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
    }
  }

  /** The syntax of {@link Ref} for one scheme. */
  static final class Syntax implements ReferenceSyntax {
    private final Scheme scheme;

    Syntax(Scheme scheme) {
      this.scheme = scheme;
    }

    @Override
    public Scheme scheme() {
      return scheme;
    }

    @Override
    public Ref parse(ReferenceParts parts) {
      parts.noQuery();
      return new Ref(scheme, parts.name(), parts.field());
    }
  }

  /**
   * Also reads bare ciphertexts of {@code kms}, as a KMS store's syntax does: {@code CIPHERTEXT} becomes {@code
   * SCHEME://KEY/CIPHERTEXT}, the key taken from the environment variable {@value #KEY_VARIABLE}.
   */
  static final class BareSyntax implements BareCiphertextSyntax {
    static final String KEY_VARIABLE = "FAKE_KMS_KEY";

    private final Syntax named;
    private final Kms kms;

    BareSyntax(Scheme scheme, Kms kms) {
      this.named = new Syntax(scheme);
      this.kms = kms;
    }

    @Override
    public Scheme scheme() {
      return named.scheme();
    }

    @Override
    public Ref parse(ReferenceParts parts) {
      return named.parse(parts);
    }

    @Override
    public Kms kms() {
      return kms;
    }

    @Override
    public Ref parseBare(String ciphertext, Environment environment) {
      String key = environment.get(KEY_VARIABLE)
          .orElseThrow(() -> new InvalidReferenceException(KEY_VARIABLE + " is not set"));
      return new Ref(named.scheme(), key + "/" + ReferenceRules.ciphertext(ciphertext), Optional.empty());
    }
  }
}

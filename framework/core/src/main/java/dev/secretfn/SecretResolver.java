package dev.secretfn;

import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.internal.JsonFields;
import dev.secretfn.internal.SnapshotPriming;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.spi.SecretSource;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves declared secrets from their sources: all fetches in parallel, identical fetches once, transient
 * failures retried with jittered backoff, everything under one deadline. All or nothing: either every
 * declared secret is returned, or one {@link SecretResolutionException} lists every failure.
 *
 * <p>Thread-safe and stateless between calls; each {@link #resolve} call uses its own short-lived threads
 * and leaves none running when it returns or throws. Only {@linkplain SecretDeclaration#refreshing refreshing}
 * declarations use it afterwards: their first refresh starts one daemon thread, {@code secretfn-refresh}, per
 * {@link ResolvedSecrets}.
 *
 * <pre>{@code
 * SecretResolver resolver = SecretResolver.create(
 *     List.of(kmsSyntax, gcsSyntax), List.of(kmsSource, gcsSource), ResolverSettings.defaults());
 * ResolvedSecrets secrets = resolver.resolve(declarations, Environment.system());
 * }</pre>
 */
public final class SecretResolver {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");
  /** How long to wait for interrupted fetch threads to finish after the deadline. */
  private static final long STRAGGLER_GRACE_MILLIS = 500;

  private final ReferenceParser parser;
  private final Map<Scheme, SecretSource> sources;
  private final ResolverSettings settings;
  private final RefreshClock clock;

  private SecretResolver(ReferenceParser parser, Map<Scheme, SecretSource> sources, ResolverSettings settings,
      RefreshClock clock) {
    this.parser = parser;
    this.sources = sources;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Returns a resolver that parses references with {@code syntaxes} and fetches them from {@code sources},
   * at most one of each per scheme. A store module binds both; a scheme with a syntax but no source fails
   * the variables that use it.
   *
   * @throws IllegalArgumentException if two syntaxes or two sources claim the same scheme
   */
  public static SecretResolver create(Collection<? extends ReferenceSyntax> syntaxes,
      Collection<? extends SecretSource> sources, ResolverSettings settings) {
    return create(syntaxes, sources, settings, RefreshClock.SYSTEM);
  }

  /** As {@link #create(Collection, Collection, ResolverSettings)}, aging refreshing secrets on {@code clock}. */
  static SecretResolver create(Collection<? extends ReferenceSyntax> syntaxes,
      Collection<? extends SecretSource> sources, ResolverSettings settings, RefreshClock clock) {
    ReferenceParser parser = ReferenceParser.of(syntaxes);
    Map<Scheme, SecretSource> byScheme = new HashMap<>();
    for (SecretSource source : sources) {
      SecretSource previous = byScheme.putIfAbsent(source.scheme(), source);
      if (previous != null) {
        throw new IllegalArgumentException(
            "two sources are bound for " + source.scheme() + " references: " + previous.getClass().getName()
                + " and " + source.getClass().getName() + "; bind one");
      }
    }
    return new SecretResolver(
        parser, byScheme, Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Resolves every declaration against {@code environment}. While a runtime adapter primes for a
   * snapshot (Lambda SnapStart), it calls {@link SecretSource#prime} on its sources instead and reads nothing.
   *
   * <p>A {@linkplain SecretDeclaration#refreshing refreshing} declaration is resolved here like any other, and
   * its value then held by a {@link Refreshing} ({@link ResolvedSecrets#refreshing}) that re-resolves it with
   * this resolver when it ages; no thread is started for it until its first refresh.
   *
   * @throws SecretResolutionException if any declared secret could not be resolved; nothing is returned then
   */
  public ResolvedSecrets resolve(Collection<SecretDeclaration> declarations, Environment environment) {
    SnapshotPriming.interceptResolution(sources.values(), settings.deadline());
    Run run = run(declarations, environment, settings, false);
    LOG.log(Level.INFO, () -> summary(run.plan, run.fetches, run.elapsedMillis));
    Map<String, RefreshGroup> groups = new LinkedHashMap<>();
    RefreshEngine engine = null;
    for (SecretDeclaration declaration : run.declared) {
      if (declaration.refreshMaxAge().isEmpty()) {
        continue;
      }
      if (engine == null) {
        engine = new RefreshEngine(clock, this);
      }
      Planned planned = run.plan.get(declaration.variable());
      String fetched = planned.task.reference().format();
      RefreshGroup group = groups.get(fetched);
      if (group == null) {
        group = new RefreshGroup(engine, planned.task.reference().describe());
        groups.put(fetched, group);
      }
      group.add(declaration, environment.get(declaration.variable()).orElseThrow(),
          run.resolved.get(declaration.variable()).orElseThrow());
    }
    return new ResolvedSecrets(run.resolved, groups.values(), engine);
  }

  /**
   * Resolves {@code declarations} (resolve-once copies of refreshing ones) again, for a refresh: under the
   * refresh deadline, without start-up's summary and unpinned warnings, and failing with a message that says
   * "refresh".
   */
  Map<String, Optional<Secret>> refresh(Collection<SecretDeclaration> declarations, Environment environment) {
    return run(declarations, environment, settings.forRefresh(), true).resolved;
  }

  /** What one run resolved, and how. */
  private static final class Run {
    final Collection<SecretDeclaration> declared;
    final Map<String, Planned> plan;
    final Map<String, Optional<Secret>> resolved;
    final int fetches;
    final long elapsedMillis;

    Run(Collection<SecretDeclaration> declared, Map<String, Planned> plan, Map<String, Optional<Secret>> resolved,
        int fetches, long elapsedMillis) {
      this.declared = declared;
      this.plan = plan;
      this.resolved = resolved;
      this.fetches = fetches;
      this.elapsedMillis = elapsedMillis;
    }
  }

  private Run run(Collection<SecretDeclaration> declarations, Environment environment, ResolverSettings settings,
      boolean refresh) {
    long start = System.nanoTime();
    long deadline = start + settings.deadline().toNanos();
    List<Failure> failures = new ArrayList<>();
    Map<String, Planned> plan = new LinkedHashMap<>();
    // Keyed by the canonical form, which the round-trip law makes equal exactly when the references are equal:
    // a record's own equals and hashCode bootstrap through invokedynamic (ObjectMethods) at their first call,
    // which spins some 40 method-handle classes per reference type at a cold start.
    Map<String, FetchTask> tasks = new LinkedHashMap<>();

    Collection<SecretDeclaration> merged = merge(declarations, failures);
    for (SecretDeclaration declaration : merged) {
      plan(declaration, environment, plan, tasks, failures, settings, refresh);
    }
    expectFetches(tasks.values());
    runAll(tasks.values(), deadline);
    finishSources(tasks.values());

    Map<String, Optional<Secret>> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, Planned> entry : plan.entrySet()) {
      String variable = entry.getKey();
      Planned planned = entry.getValue();
      try {
        resolved.put(variable, Optional.ofNullable(planned.produce(variable)));
      } catch (PlanFailure e) {
        failures.add(e.failure);
      }
    }
    tasks.values().forEach(FetchTask::wipe);
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (!failures.isEmpty()) {
      resolved.values().forEach(s -> s.ifPresent(Secret::wipe));
      failures.sort((a, b) -> a.variable().compareTo(b.variable()));
      // Not logged here: the exception is the report, and the platform logs it once (a refresh logs it once
      // per failure streak).
      throw new SecretResolutionException(
          plan.size() + unplanned(plan, failures), elapsedMillis, failures, refresh);
    }
    return new Run(merged, plan, resolved, tasks.size(), elapsedMillis);
  }

  /**
   * Merges duplicate declarations of one variable (conflicting ones are a failure) and orders them by
   * variable name, so that logs and errors read the same on every start (Dagger's sets have no order).
   */
  private static Collection<SecretDeclaration> merge(
      Collection<SecretDeclaration> declarations, List<Failure> failures) {
    Map<String, SecretDeclaration> byVariable = new TreeMap<>();
    for (SecretDeclaration declaration : declarations) {
      SecretDeclaration previous = byVariable.putIfAbsent(declaration.variable(), declaration);
      if (previous != null && previous.sameSecretAs(declaration)) {
        // One injection site wants text, another bytes: resolve once, requiring text.
        byVariable.put(declaration.variable(), previous.isText() ? previous : declaration);
      } else if (previous != null) {
        failures.add(
            new Failure(declaration.variable(), Optional.empty(), Step.LOOKUP,
                "declared twice in conflicting ways: " + previous + " and " + declaration,
                Optional.of("declare each variable once, or the same way everywhere"), false));
        byVariable.remove(declaration.variable());
      }
    }
    for (Failure failure : failures) {
      byVariable.remove(failure.variable());
    }
    return byVariable.values();
  }

  private void plan(SecretDeclaration declaration, Environment environment, Map<String, Planned> plan,
      Map<String, FetchTask> tasks, List<Failure> failures, ResolverSettings settings, boolean refresh) {
    String variable = declaration.variable();
    Optional<String> value = environment.get(variable);
    if (value.isEmpty()) {
      if (declaration.isRequired()) {
        failures.add(new Failure(variable, Optional.empty(), Step.LOOKUP, "the variable is not set",
            Optional.of("set " + variable + " to a reference (see docs/references.md), or declare it optional"),
            false));
      } else {
        plan.put(variable, new Planned(null, null, declaration.defaultValue(), false));
      }
      return;
    }
    SecretReference reference;
    try {
      reference =
          declaration.bareCiphertext().isPresent()
              ? parser.parseCiphertext(variable, value.get(), declaration.bareCiphertext().get(), environment)
              : parser.parse(variable, value.get());
    } catch (ReferenceException e) {
      failures.add(e.missingModule().isPresent()
          ? new Failure(variable, Optional.empty(), Step.SOURCE_SETUP, e.problem(),
              Optional.of("add " + e.missingModule().get() + " to your component"), false)
          : new Failure(variable, Optional.empty(), Step.PARSE_REFERENCE, e.problem(),
              Optional.of("write the value in a form from docs/references.md"), false));
      return;
    }
    SecretSource source = sources.get(reference.scheme());
    if (source == null) {
      failures.add(new Failure(variable, Optional.of(reference.describe()), Step.SOURCE_SETUP,
          "no source for " + reference.scheme() + " references is bound",
          Optional.of("add the Dagger module of the " + reference.scheme() + " source to your component"),
          false));
      return;
    }
    if (declaration.refreshMaxAge().isPresent() && !reference.refreshable()) {
      failures.add(new Failure(variable, Optional.of(reference.describe()), Step.PARSE_REFERENCE,
          variable + " is declared refreshing but its reference is pinned to one version, which no refresh can"
              + " change",
          Optional.of("drop the version from the reference to let it refresh (a ciphertext in the variable never"
              + " changes: keep the secret in a store), or declare " + variable + " without @Refresh"), false));
      return;
    }
    SecretReference fetched = reference.withoutField();
    // A refreshing declaration asked for a reference that moves; a refresh repeats what start-up said.
    if (!reference.pinned() && !refresh && declaration.refreshMaxAge().isEmpty()) {
      LOG.log(Level.WARNING, () -> "secretfn: " + variable + " reads " + reference.describe() + " at whatever"
          + " version is current when an instance starts, so a new version reaches every new instance at once,"
          + " with no rollout: pin a version (see docs/references.md)");
    }
    FetchTask task = tasks.get(fetched.format());
    if (task == null) {
      task = new FetchTask(fetched, source, settings, refresh);
      tasks.put(fetched.format(), task);
    }
    task.addVariable(variable);
    plan.put(variable, new Planned(reference, task, Optional.empty(), declaration.isText()));
  }

  /** Tells each source which references it is about to fetch, so that it can batch them. */
  private static void expectFetches(Collection<FetchTask> tasks) {
    Map<SecretSource, List<SecretReference>> bySource = new IdentityHashMap<>();
    for (FetchTask task : tasks) {
      List<SecretReference> references = bySource.get(task.source());
      if (references == null) {
        references = new ArrayList<>();
        bySource.put(task.source(), references);
      }
      references.add(task.reference());
    }
    for (Map.Entry<SecretSource, List<SecretReference>> entry : bySource.entrySet()) {
      SecretSource source = entry.getKey();
      try {
        source.expect(Collections.unmodifiableList(entry.getValue()));
      } catch (RuntimeException e) {
        // Planning only: the fetches still run one by one.
        LOG.log(Level.WARNING, () -> "secretfn: " + source.scheme() + " source failed to plan its fetches: "
            + e.getClass().getName());
      }
    }
  }

  /** Runs every task in parallel and waits until all finish or the deadline passes. */
  private static void runAll(Collection<FetchTask> tasks, long deadline) {
    if (tasks.isEmpty()) {
      return;
    }
    DaemonThreads threads = new DaemonThreads();
    ExecutorService executor = Executors.newFixedThreadPool(tasks.size(), threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (FetchTask task : tasks) {
        futures.add(executor.submit(() -> task.run(deadline)));
      }
      executor.shutdown();
      long waitNanos = deadline - System.nanoTime();
      if (!executor.awaitTermination(Math.max(0, waitNanos), TimeUnit.NANOSECONDS)) {
        executor.shutdownNow();
        executor.awaitTermination(STRAGGLER_GRACE_MILLIS, TimeUnit.MILLISECONDS);
      }
      if (executor.isTerminated()) {
        // Termination is signalled when the workers finish their last task, a moment before their threads
        // end: wait for that moment, so that none of this call's threads outlives it.
        threads.joinAll(STRAGGLER_GRACE_MILLIS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (FetchTask task : tasks) {
      task.markUnfinished(deadline);
    }
  }

  /** Tells each source that served a fetch that resolution is over, once, whatever the outcome. */
  private static void finishSources(Collection<FetchTask> tasks) {
    Set<SecretSource> used = Collections.newSetFromMap(new IdentityHashMap<>());
    for (FetchTask task : tasks) {
      used.add(task.source());
    }
    for (SecretSource source : used) {
      try {
        source.resolutionFinished();
      } catch (RuntimeException e) {
        // Clean-up only: it must not turn a successful start into a failed one.
        LOG.log(Level.WARNING, () -> "secretfn: " + source.scheme() + " source failed to clean up after"
            + " resolution: " + e.getClass().getName());
      }
    }
  }

  private static int unplanned(Map<String, Planned> plan, List<Failure> failures) {
    return (int) failures.stream().filter(f -> !plan.containsKey(f.variable())).count();
  }

  private String summary(Map<String, Planned> plan, int fetches, long elapsedMillis) {
    StringJoiner variables = new StringJoiner(", ");
    plan.forEach((variable, planned) -> variables.add(variable + " <- " + planned.origin()));
    return "secretfn resolved " + plan.size() + (plan.size() == 1 ? " secret" : " secrets") + " with "
        + fetches + (fetches == 1 ? " fetch" : " fetches") + " in " + elapsedMillis + " ms: " + variables;
  }

  /** What one variable becomes: a fetched secret (whole or one field), a default, or absent. */
  private static final class Planned {
    final SecretReference reference;
    final FetchTask task;
    final Optional<String> defaultValue;
    final boolean text;

    Planned(SecretReference reference, FetchTask task, Optional<String> defaultValue, boolean text) {
      this.reference = reference;
      this.task = task;
      this.defaultValue = defaultValue;
      this.text = text;
    }

    Secret produce(String variable) throws PlanFailure {
      if (task == null) {
        return defaultValue
            .map(d -> Secret.adopt(variable, d.getBytes(StandardCharsets.UTF_8)))
            .orElse(null);
      }
      Secret fetched = task.secret();
      if (fetched == null) {
        throw new PlanFailure(task.failure(variable, reference));
      }
      Secret secret;
      if (reference.field().isEmpty()) {
        secret = fetched.labelled(variable);
      } else {
        try {
          secret = Secret.adopt(variable, JsonFields.select(fetched.checkedContent(), reference.field().get()));
        } catch (JsonFields.JsonShapeException e) {
          throw new PlanFailure(new Failure(variable, Optional.of(reference.describe()), Step.SELECT_FIELD,
              e.getMessage(), Optional.of("store a JSON object whose field is a string"), false));
        }
      }
      if (text && !secret.isUtf8()) {
        secret.wipe();
        throw new PlanFailure(new Failure(variable, Optional.of(reference.describe()), Step.DECODE,
            "the secret is not valid UTF-8 text, but it is injected as text (String or char[])",
            Optional.of("inject it as Secret or byte[], or store it as UTF-8 text"), false));
      }
      return secret;
    }

    String origin() {
      if (task == null) {
        return defaultValue.isPresent() ? "default" : "not set";
      }
      return reference.scheme().toString();
    }
  }

  /** A failure found after fetching, carried to the resolve loop. */
  private static final class PlanFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Failure failure;

    PlanFailure(Failure failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }

  /** The daemon threads of one {@link #resolve} call, kept so that the call can wait for them to end. */
  private static final class DaemonThreads implements ThreadFactory {
    private static final AtomicInteger COUNT = new AtomicInteger();
    private final List<Thread> created = new ArrayList<>();

    @Override
    public synchronized Thread newThread(Runnable runnable) {
      Thread thread = new Thread(runnable, "secretfn-resolver-" + COUNT.incrementAndGet());
      thread.setDaemon(true);
      created.add(thread);
      return thread;
    }

    synchronized void joinAll(long graceMillis) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
      for (Thread thread : created) {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left <= 0) {
          return;
        }
        thread.join(left);
      }
    }
  }
}

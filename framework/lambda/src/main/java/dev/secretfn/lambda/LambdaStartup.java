package dev.secretfn.lambda;

import dev.secretfn.Environment;
import dev.secretfn.internal.HandlerStartup;
import dev.secretfn.internal.SnapshotPriming;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Holds a Lambda function's handler: built during INIT, or, under SnapStart, after each restore, so that no
 * plaintext is in memory when the snapshot is taken. Reads on the invocation path are one volatile load.
 *
 * <p>Under SnapStart the first checkpoint primes the function's sources ({@link SnapshotPriming}): the handler
 * factory runs up to the resolver, which readies every bound source without reading a variable or a
 * credential, and what the factory built is dropped. The snapshot then holds loaded and initialised transport
 * classes, and after the restore only the fetches remain. {@value #PRIME_VARIABLE}{@code =false} turns this off.
 *
 * <p>Registered with CRaC through org-crac, which the Lambda runtime points at its own implementation
 * ({@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}). The global context holds resources
 * weakly, so the base class keeps this object reachable.
 */
final class LambdaStartup<H> implements Resource {
  static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
  static final String SNAP_START = "snap-start";
  /** Set to {@code false} to skip priming before the snapshot (to compare, or to rule it out). */
  static final String PRIME_VARIABLE = "SECRETFN_SNAPSTART_PRIME";
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Class<?> function;
  private final Supplier<? extends H> factory;
  private final boolean prime;
  private boolean primed;
  private volatile H handler;

  private LambdaStartup(Class<?> function, Supplier<? extends H> factory, boolean prime) {
    this.function = function;
    this.factory = Objects.requireNonNull(factory, "factory");
    this.prime = prime;
  }

  /** Builds the handler now, or registers to build it after restore when the runtime takes a snapshot. */
  static <H> LambdaStartup<H> create(Class<?> function, Supplier<? extends H> factory, Environment environment) {
    LambdaStartup<H> startup = new LambdaStartup<>(function, factory,
        !"false".equalsIgnoreCase(environment.get(PRIME_VARIABLE).orElse("")));
    if (SNAP_START.equals(environment.get(INITIALIZATION_TYPE).orElse(""))) {
      Core.getGlobalContext().register(startup);
      LOG.log(Level.INFO, () -> "secretfn: " + function.getSimpleName()
          + " runs under SnapStart: secrets are resolved after restore, never in the snapshot");
    } else {
      startup.handler = startup.build();
    }
    return startup;
  }

  /** The handler; built on first use if no restore hook ran (for example a runtime without CRaC). */
  H get() {
    H current = handler;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (handler == null) {
        handler = build();
      }
      return handler;
    }
  }

  @Override
  public synchronized void beforeCheckpoint(Context<? extends Resource> context) {
    if (handler != null) {
      // A second checkpoint of a restored instance: drop the handler so its secrets are not referenced.
      handler = null;
      LOG.log(Level.WARNING, "secretfn: dropped the handler before a checkpoint; it is rebuilt after restore");
    } else if (prime && !primed) {
      primed = true;
      SnapshotPriming.Outcome outcome = SnapshotPriming.prime(function, factory);
      LOG.log(Level.INFO, () -> "secretfn: " + function.getSimpleName() + (!outcome.reachedResolver()
          ? " primed no source before the snapshot: its handler factory did not reach the resolver"
          : " primed its sources " + outcome.primed() + " before the snapshot in " + outcome.elapsedMillis()
              + " ms, without resolving a secret"));
    }
  }

  @Override
  public synchronized void afterRestore(Context<? extends Resource> context) {
    if (handler == null) {
      handler = build();
    }
  }

  private H build() {
    return HandlerStartup.build(function, factory);
  }
}

package dev.secretfn.lambda;

import dev.secretfn.Environment;
import dev.secretfn.internal.HandlerStartup;
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
 * <p>Registered with CRaC through org-crac, which the Lambda runtime points at its own implementation
 * ({@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}). The global context holds resources
 * weakly, so the base class keeps this object reachable.
 */
final class LambdaStartup<H> implements Resource {
  static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
  static final String SNAP_START = "snap-start";
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private final Class<?> function;
  private final Supplier<? extends H> factory;
  private volatile H handler;

  private LambdaStartup(Class<?> function, Supplier<? extends H> factory) {
    this.function = function;
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** Builds the handler now, or registers to build it after restore when the runtime takes a snapshot. */
  static <H> LambdaStartup<H> create(Class<?> function, Supplier<? extends H> factory, Environment environment) {
    LambdaStartup<H> startup = new LambdaStartup<>(function, factory);
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

package dev.secretfn.internal;

import dev.secretfn.SecretResolutionException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Not an API: how every runtime adapter builds a function's handler. Builds it once, times it, and reports a
 * failed start-up plainly before rethrowing (the platforms report it too, but only as a cause deep in a stack
 * trace).
 */
public final class HandlerStartup {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private HandlerStartup() {}

  /**
   * Builds the handler of {@code function} with {@code factory}.
   *
   * @throws SecretResolutionException if a secret could not be resolved, after logging it once
   * @throws IllegalStateException if the factory returned null
   */
  public static <H> H build(Class<?> function, Supplier<? extends H> factory) {
    Objects.requireNonNull(factory, "factory");
    long start = System.nanoTime();
    H handler;
    try {
      handler = factory.get();
    } catch (SecretResolutionException e) {
      LOG.log(Level.ERROR, () -> function.getName() + " did not start: " + e.getMessage());
      throw e;
    }
    if (handler == null) {
      throw new IllegalStateException(function.getName() + ": the handler factory returned null");
    }
    LOG.log(Level.INFO, () -> "secretfn: " + function.getSimpleName() + " ready in "
        + (System.nanoTime() - start) / 1_000_000 + " ms");
    return handler;
  }
}

package dev.secretfn.gcf;

import dev.secretfn.SecretResolutionException;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.function.Supplier;

/** Builds a function's handler once, in the constructor, timing it and reporting a failed start-up. */
final class Startup {
  private static final System.Logger LOG = System.getLogger("dev.secretfn");

  private Startup() {}

  static <H> H handler(Class<?> function, Supplier<? extends H> factory) {
    Objects.requireNonNull(factory, "factory");
    long start = System.nanoTime();
    H handler;
    try {
      handler = factory.get();
    } catch (SecretResolutionException e) {
      // The invoker reports this too, but only as a cause deep in a stack trace: say it once, plainly.
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

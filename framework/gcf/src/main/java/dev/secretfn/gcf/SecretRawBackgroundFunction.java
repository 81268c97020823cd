package dev.secretfn.gcf;

import com.google.cloud.functions.Context;
import com.google.cloud.functions.RawBackgroundFunction;
import dev.secretfn.internal.HandlerStartup;
import java.util.function.Supplier;

/**
 * Base class of a background function that takes the event's JSON as a string, with injected secrets. Like
 * {@link SecretHttpFunction}: the constructor resolves every declared secret and builds the handler, or throws.
 */
public abstract class SecretRawBackgroundFunction implements RawBackgroundFunction {
  private final RawBackgroundFunction handler;

  /**
   * Builds the handler now.
   *
   * @throws dev.secretfn.SecretResolutionException if a declared secret could not be resolved
   */
  protected SecretRawBackgroundFunction(Supplier<? extends RawBackgroundFunction> handlerFactory) {
    this.handler = HandlerStartup.build(getClass(), handlerFactory);
  }

  @Override
  public final void accept(String json, Context context) throws Exception {
    handler.accept(json, context);
  }
}

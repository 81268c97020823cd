package dev.secretfn.gcf;

import com.google.cloud.functions.BackgroundFunction;
import com.google.cloud.functions.Context;
import dev.secretfn.internal.HandlerStartup;
import java.lang.reflect.Method;
import java.util.function.Supplier;

/**
 * Base class of a typed background function with injected secrets. Like {@link SecretHttpFunction}: the
 * constructor resolves every declared secret and builds the handler, or throws.
 *
 * <p>The Functions Framework finds the payload type from an {@code accept(Payload, Context)} method declared
 * with the concrete type, so the subclass must override {@link #accept} with it and call {@code super};
 * the constructor checks this and fails with a clear message otherwise:
 *
 * <pre>{@code
 * public final class OnUpload extends SecretBackgroundFunction<GcsEvent> {
 *   public OnUpload() { super(() -> DaggerUploads.create().handler()); }
 *
 *   @Override public void accept(GcsEvent event, Context context) throws Exception {
 *     super.accept(event, context);
 *   }
 * }
 * }</pre>
 */
public abstract class SecretBackgroundFunction<T> implements BackgroundFunction<T> {
  private final BackgroundFunction<T> handler;

  /**
   * Builds the handler now.
   *
   * @throws dev.secretfn.SecretResolutionException if a declared secret could not be resolved
   * @throws IllegalStateException if the subclass does not declare a typed {@code accept}
   */
  protected SecretBackgroundFunction(Supplier<? extends BackgroundFunction<T>> handlerFactory) {
    requireTypedAccept(getClass());
    this.handler = HandlerStartup.build(getClass(), handlerFactory);
  }

  /** Calls the handler. Override with the concrete payload type and call {@code super.accept}. */
  @Override
  public void accept(T payload, Context context) throws Exception {
    handler.accept(payload, context);
  }

  private static void requireTypedAccept(Class<?> function) {
    for (Method method : function.getMethods()) {
      if (method.getName().equals("accept") && method.getParameterCount() == 2
          && method.getParameterTypes()[1] == Context.class && method.getParameterTypes()[0] != Object.class) {
        return;
      }
    }
    throw new IllegalStateException(function.getName() + " must override accept(Payload, Context) with its"
        + " concrete payload type and call super.accept: the Functions Framework reads the payload type from"
        + " that method");
  }
}

package dev.secretfn.gcf;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.secretfn.internal.HandlerStartup;
import java.util.function.Supplier;

/**
 * Base class of an HTTP Cloud Function whose handler gets its secrets injected. The Functions Framework
 * constructs the subclass once, before it serves; the constructor builds the handler, which resolves every
 * declared secret. If that fails the constructor throws, and the instance never serves. Each request is a
 * plain call of the handler: no network, no locks. Thread-safe if the handler is.
 *
 * <pre>{@code
 * public final class OrdersFunction extends SecretHttpFunction {
 *   public OrdersFunction() {
 *     super(() -> DaggerOrdersComponent.create().handler());   // OrdersHandler implements HttpFunction
 *   }
 * }
 * }</pre>
 */
public abstract class SecretHttpFunction implements HttpFunction {
  private final HttpFunction handler;

  /**
   * Builds the handler now.
   *
   * @throws dev.secretfn.SecretResolutionException if a declared secret could not be resolved
   */
  protected SecretHttpFunction(Supplier<? extends HttpFunction> handlerFactory) {
    this.handler = HandlerStartup.build(getClass(), handlerFactory);
  }

  /** Calls the handler; an exception it throws becomes HTTP 500, as for any HTTP function. */
  @Override
  public final void service(HttpRequest request, HttpResponse response) throws Exception {
    handler.service(request, response);
  }
}

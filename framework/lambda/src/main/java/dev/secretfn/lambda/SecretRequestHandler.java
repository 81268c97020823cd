package dev.secretfn.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.secretfn.Environment;
import java.util.function.Supplier;

/**
 * Base class of a Lambda {@link RequestHandler} whose handler gets its secrets injected. The runtime constructs
 * the subclass during INIT; the constructor builds the handler, which resolves every declared secret, or
 * throws, which the runtime reports as an init error with the aggregated message. Under SnapStart
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) the handler is built after restore instead, so that no
 * plaintext is in the snapshot; before the snapshot the factory runs only up to the resolver, which primes the
 * bound sources ({@link dev.secretfn.spi.SecretSource#prime}) and resolves nothing. Each invocation is a plain
 * call of the handler; safe under {@code AWS_LAMBDA_MAX_CONCURRENCY} if the handler is thread-safe.
 *
 * <p>Configure the function's handler as the class name alone ({@code pkg.OrdersFunction}, not {@code
 * pkg.OrdersFunction::handleRequest}); the constructor fails with that advice otherwise.
 *
 * <pre>{@code
 * public final class OrdersFunction extends SecretRequestHandler<APIGatewayProxyRequestEvent,
 *     APIGatewayProxyResponseEvent> {
 *   public OrdersFunction() { super(() -> DaggerOrdersComponent.create().handler()); }
 * }
 * }</pre>
 */
public abstract class SecretRequestHandler<I, O> implements RequestHandler<I, O> {
  /** Where Lambda puts the configured handler string. */
  static final String HANDLER_VARIABLE = "_HANDLER";
  private final LambdaStartup<RequestHandler<I, O>> startup;

  /**
   * Builds the handler now (or after restore under SnapStart).
   *
   * @throws dev.secretfn.SecretResolutionException if a declared secret could not be resolved
   */
  protected SecretRequestHandler(Supplier<? extends RequestHandler<I, O>> handlerFactory) {
    this(handlerFactory, Environment.system());
  }

  SecretRequestHandler(Supplier<? extends RequestHandler<I, O>> handlerFactory, Environment environment) {
    requireClassHandler(getClass(), environment);
    this.startup = LambdaStartup.create(getClass(), handlerFactory, environment);
  }

  /**
   * With a {@code Class::method} handler the runtime reads the event type from the method's parameter, which
   * this generic base class erases to {@code Object}: events would arrive as maps. With the class name alone it
   * reads the type from {@code RequestHandler<I, O>}, which works. Fail at INIT, not at the first event.
   */
  private static void requireClassHandler(Class<?> function, Environment environment) {
    String handler = environment.get(HANDLER_VARIABLE).orElse("");
    if (handler.contains("::")) {
      throw new IllegalStateException("set the Lambda handler to " + function.getName() + " (without ::"
          + handler.substring(handler.indexOf("::") + 2) + "): for a RequestHandler subclass of"
          + " SecretRequestHandler the runtime finds the event type from the class, not from the method");
    }
  }

  @Override
  public final O handleRequest(I input, Context context) {
    return startup.get().handleRequest(input, context);
  }

  /** For tests in this package: the lifecycle holder. */
  LambdaStartup<RequestHandler<I, O>> startup() {
    return startup;
  }
}

package dev.secretfn.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.secretfn.Environment;
import java.util.function.Supplier;

/**
 * Base class of a Lambda {@link RequestHandler} whose handler gets its secrets injected. The runtime constructs
 * the subclass during INIT; the constructor builds the handler, which resolves every declared secret, or
 * throws, which the runtime reports as an init error with the aggregated message. Under SnapStart
 * ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) the handler is built after restore instead, so that no
 * plaintext is in the snapshot. Each invocation is a plain call of the handler; safe under
 * {@code AWS_LAMBDA_MAX_CONCURRENCY} if the handler is thread-safe.
 *
 * <pre>{@code
 * public final class OrdersFunction extends SecretRequestHandler<APIGatewayProxyRequestEvent,
 *     APIGatewayProxyResponseEvent> {
 *   public OrdersFunction() { super(() -> DaggerOrdersComponent.create().handler()); }
 * }
 * }</pre>
 */
public abstract class SecretRequestHandler<I, O> implements RequestHandler<I, O> {
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
    this.startup = LambdaStartup.create(getClass(), handlerFactory, environment);
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

package dev.secretfn.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.secretfn.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * Base class of a Lambda {@link RequestStreamHandler} whose handler gets its secrets injected. Same lifecycle
 * as {@link SecretRequestHandler}: built during INIT, or after restore under SnapStart; a failure is an init
 * error listing every unresolved secret.
 *
 * <pre>{@code
 * public final class ReportFunction extends SecretRequestStreamHandler {
 *   public ReportFunction() { super(() -> DaggerReportComponent.create().handler()); }
 * }
 * }</pre>
 */
public abstract class SecretRequestStreamHandler implements RequestStreamHandler {
  private final LambdaStartup<RequestStreamHandler> startup;

  /**
   * Builds the handler now (or after restore under SnapStart).
   *
   * @throws dev.secretfn.SecretResolutionException if a declared secret could not be resolved
   */
  protected SecretRequestStreamHandler(Supplier<? extends RequestStreamHandler> handlerFactory) {
    this(handlerFactory, Environment.system());
  }

  SecretRequestStreamHandler(Supplier<? extends RequestStreamHandler> handlerFactory, Environment environment) {
    this.startup = LambdaStartup.create(getClass(), handlerFactory, environment);
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    startup.get().handleRequest(input, output, context);
  }
}

package dev.secretfn.gcf;

import com.google.cloud.functions.CloudEventsFunction;
import dev.secretfn.internal.HandlerStartup;
import io.cloudevents.CloudEvent;
import java.util.function.Supplier;

/**
 * Base class of a CloudEvents function whose handler gets its secrets injected. Like {@link
 * SecretHttpFunction}: the constructor resolves every declared secret and builds the handler, or throws.
 *
 * <pre>{@code
 * public final class OnOrderEvent extends SecretCloudEventsFunction {
 *   public OnOrderEvent() { super(() -> DaggerOrdersComponent.create().eventHandler()); }
 * }
 * }</pre>
 */
public abstract class SecretCloudEventsFunction implements CloudEventsFunction {
  private final CloudEventsFunction handler;

  /**
   * Builds the handler now.
   *
   * @throws dev.secretfn.SecretResolutionException if a declared secret could not be resolved
   */
  protected SecretCloudEventsFunction(Supplier<? extends CloudEventsFunction> handlerFactory) {
    this.handler = HandlerStartup.build(getClass(), handlerFactory);
  }

  /** Calls the handler; an exception it throws makes the event fail (and be retried if configured). */
  @Override
  public final void accept(CloudEvent event) throws Exception {
    handler.accept(event);
  }
}

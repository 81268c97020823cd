package dev.secretfn.samples.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.secretfn.lambda.SecretRequestHandler;

/**
 * API Gateway (proxy) function: the weather through an API whose key is a KMS-encrypted environment variable.
 * Handler: {@code dev.secretfn.samples.lambda.ApiGatewayFunction} (the class name alone).
 */
public final class ApiGatewayFunction
    extends SecretRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  public ApiGatewayFunction() {
    super(() -> DaggerWeatherComponent.create().handler());
  }
}

package dev.secretfn.samples.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.secretfn.lambda.SecretRequestHandler;

/**
 * API Gateway (proxy) function: a payment provider's webhook, checked with a secret from SSM Parameter Store,
 * answered with the open orders (read with database credentials from AWS Secrets Manager) in a receipt signed
 * with a key from Parameter Store. Handler: {@code dev.secretfn.samples.lambda.BillingWebhookFunction}.
 */
public final class BillingWebhookFunction
    extends SecretRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  public BillingWebhookFunction() {
    super(() -> DaggerBillingComponent.create().handler());
  }
}

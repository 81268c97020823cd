package dev.secretfn.samples.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.secretfn.lambda.SecretRequestHandler;

/**
 * API Gateway (proxy) function: the weather through an API whose key is in HashiCorp Vault, read after a login
 * to Vault's aws auth method with the function's execution role ({@code VAULT_ADDR}, {@code VAULT_AUTH_ROLE},
 * {@code API_KEY=vault://secret/weather#value}). Handler: {@code dev.secretfn.samples.lambda.VaultApiGatewayFunction}.
 */
public final class VaultApiGatewayFunction
    extends SecretRequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  public VaultApiGatewayFunction() {
    super(() -> DaggerVaultWeatherComponent.create().handler());
  }
}

package dev.secretfn.bench.lambda;

import dev.secretfn.lambda.SecretRequestHandler;
import java.util.Map;

/** The framework overhead: secretfn with ten secrets from an in-memory source (no network). */
public final class InMemoryTenSecretsFunction extends SecretRequestHandler<Map<String, Object>, String> {
  public InMemoryTenSecretsFunction() {
    super(() -> DaggerInMemoryTenSecretsComponent.create().handler());
  }
}

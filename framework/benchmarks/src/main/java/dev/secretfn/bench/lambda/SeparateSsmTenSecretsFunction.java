package dev.secretfn.bench.lambda;

import dev.secretfn.lambda.SecretRequestHandler;
import java.util.Map;

/**
 * The batched SSM scenario's parameters read one GetParameters call each, as a source without batching would
 * ({@link SeparateSsmModule}): what the batch saves.
 */
public final class SeparateSsmTenSecretsFunction extends SecretRequestHandler<Map<String, Object>, String> {
  public SeparateSsmTenSecretsFunction() {
    super(() -> DaggerSeparateSsmTenSecretsComponent.create().handler());
  }
}

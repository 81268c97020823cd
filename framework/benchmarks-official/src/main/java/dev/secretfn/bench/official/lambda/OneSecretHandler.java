package dev.secretfn.bench.official.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.util.Map;

/** Answers with the number of secret bytes it was given, never the secret. */
final class OneSecretHandler implements RequestHandler<Map<String, Object>, String> {
  private final int length;

  @Inject
  OneSecretHandler(@SecretVar("S1") Secret s1) {
    this.length = s1.revealBytes().length;
  }

  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    return "ok " + length;
  }
}

package dev.secretfn.bench.official.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Answers with the number of secret bytes it was given, never a secret. */
final class ManagedSecretsHandler implements RequestHandler<Map<String, Object>, String> {
  private final int length;

  @Inject
  ManagedSecretsHandler(@SecretVar("DB_USER") String dbUser, @SecretVar("DB_PASS") Secret dbPass,
      @SecretVar("SIGNING_KEY") Secret signingKey, @SecretVar("WEBHOOK_SECRET") Secret webhookSecret) {
    int total = dbUser.getBytes(StandardCharsets.UTF_8).length;
    for (Secret secret : new Secret[] {dbPass, signingKey, webhookSecret}) {
      total += secret.revealBytes().length;
    }
    this.length = total;
  }

  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    return "ok " + length;
  }
}

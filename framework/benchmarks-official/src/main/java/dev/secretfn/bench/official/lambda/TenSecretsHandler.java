package dev.secretfn.bench.official.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.util.Map;

/** Answers with the number of secret bytes it was given, never a secret. */
final class TenSecretsHandler implements RequestHandler<Map<String, Object>, String> {
  private final int length;

  @Inject
  TenSecretsHandler(@SecretVar("S1") Secret s1, @SecretVar("S2") Secret s2, @SecretVar("S3") Secret s3,
      @SecretVar("S4") Secret s4, @SecretVar("S5") Secret s5, @SecretVar("S6") Secret s6,
      @SecretVar("S7") Secret s7, @SecretVar("S8") Secret s8, @SecretVar("DB_USER") Secret dbUser,
      @SecretVar("DB_PASS") Secret dbPass) {
    int total = 0;
    for (Secret secret : new Secret[] {s1, s2, s3, s4, s5, s6, s7, s8, dbUser, dbPass}) {
      total += secret.revealBytes().length;
    }
    this.length = total;
  }

  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    return "ok " + length;
  }
}

package dev.secretfn.bench.official.gcf;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;

/** Answers with the number of secret bytes it was given, never the secret. */
final class OneSecretHandler implements HttpFunction {
  private final int length;

  @Inject
  OneSecretHandler(@SecretVar("S1") Secret s1) {
    this.length = s1.revealBytes().length;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.getWriter().write("ok " + length);
  }
}

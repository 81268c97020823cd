package dev.secretfn.testing.aws.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A handler whose constructor fails, as a secretfn handler does when a secret cannot be resolved. */
public final class FailingConstructorHandler implements RequestHandler<String, String> {
  public FailingConstructorHandler() {
    throw new IllegalStateException("secret DB_PASS could not be resolved");
  }

  @Override
  public String handleRequest(String input, Context context) {
    return input;
  }
}

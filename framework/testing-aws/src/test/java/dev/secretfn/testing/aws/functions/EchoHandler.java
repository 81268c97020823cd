package dev.secretfn.testing.aws.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** Answers {@code echo:<input>}; throws for the input {@code "fail"}; sleeps for {@code "slow"}. */
public final class EchoHandler implements RequestHandler<String, String> {
  @Override
  public String handleRequest(String input, Context context) {
    if (input.equals("fail")) {
      throw new IllegalArgumentException("asked to fail");
    }
    if (input.equals("slow")) {
      try {
        Thread.sleep(400);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "slow:" + Thread.currentThread().getName();
    }
    return "echo:" + input + " for " + context.getInvokedFunctionArn() + " id " + context.getAwsRequestId()
        + " remaining>0 " + (context.getRemainingTimeInMillis() > 0);
  }
}

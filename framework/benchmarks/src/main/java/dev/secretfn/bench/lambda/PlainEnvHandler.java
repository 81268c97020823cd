package dev.secretfn.bench.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Scenario 2, what users do without secretfn: two plaintext variables read during INIT. */
public final class PlainEnvHandler implements RequestHandler<Map<String, Object>, String> {
  private final int length;

  public PlainEnvHandler() {
    String user = System.getenv("DB_USER");
    String pass = System.getenv("DB_PASS");
    if (user == null || pass == null) {
      throw new IllegalStateException("DB_USER and DB_PASS must be set");
    }
    this.length = user.length() + pass.length();
  }

  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    return "ok " + length;
  }
}

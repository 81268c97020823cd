package dev.secretfn.bench.gcf;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;

/** Scenario 2, what users do without secretfn: two plaintext variables read when the instance starts. */
public final class PlainEnvFunction implements HttpFunction {
  private final int length;

  public PlainEnvFunction() {
    String user = System.getenv("DB_USER");
    String pass = System.getenv("DB_PASS");
    if (user == null || pass == null) {
      throw new IllegalStateException("DB_USER and DB_PASS must be set");
    }
    this.length = user.length() + pass.length();
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    response.getWriter().write("ok " + length);
  }
}

package dev.secretfn.samples.gcf;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/** Lists open orders from the orders database API, authenticating with the database credentials. */
final class OrdersHandler implements HttpFunction {
  private final Upstream upstream;
  private final String authorization;

  @Inject
  OrdersHandler(Upstream upstream, @SecretVar("DB_USER") String dbUser, @SecretVar("DB_PASS") Secret dbPass) {
    this.upstream = upstream;
    byte[] password = dbPass.revealBytes();
    byte[] user = (dbUser + ":").getBytes(StandardCharsets.UTF_8);
    byte[] credentials = Arrays.copyOf(user, user.length + password.length);
    System.arraycopy(password, 0, credentials, user.length, password.length);
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials);
    Arrays.fill(password, (byte) 0);
    Arrays.fill(credentials, (byte) 0);
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    var answer = upstream.get("orders?status=open", Map.of("Authorization", authorization));
    response.setContentType("application/json");
    if (answer.statusCode() != 200) {
      response.setStatusCode(502, "Bad Gateway");
      response.getWriter().write("{\"error\":\"the orders API answered " + answer.statusCode() + "\"}");
      return;
    }
    response.getWriter().write(answer.body());
  }
}

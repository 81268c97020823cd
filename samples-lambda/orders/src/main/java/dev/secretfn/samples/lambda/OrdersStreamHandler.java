package dev.secretfn.samples.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Answers {@code {"status":"open"}}-style queries with the orders API's answer, authenticating with the
 * database credentials. Streams: the event is read and the answer written as raw JSON.
 */
final class OrdersStreamHandler implements RequestStreamHandler {
  private final Upstream upstream;
  private final String authorization;

  @Inject
  OrdersStreamHandler(Upstream upstream, @SecretVar("DB_USER") String dbUser, @SecretVar("DB_PASS") Secret dbPass) {
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
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String query = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    String status = query.contains("\"closed\"") ? "closed" : "open";
    try {
      var answer = upstream.get("orders?status=" + status, Map.of("Authorization", authorization));
      String body = answer.statusCode() == 200
          ? answer.body()
          : "{\"error\":\"the orders API answered " + answer.statusCode() + "\"}";
      output.write(body.getBytes(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}

package dev.secretfn.samples.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.secretfn.Refreshing;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers {@code {"status":"open"}}-style queries with the orders API's answer, authenticating with the
 * database credentials. Streams: the event is read and the answer written as raw JSON. The credentials are read
 * once per invocation ({@link Refreshing#current()}: no I/O); when the API rejects them (401: the password was
 * rotated since they were read), the handler refreshes them, waiting at most 5 seconds, and retries once.
 */
final class OrdersStreamHandler implements RequestStreamHandler {
  private final Upstream upstream;
  private final Refreshing<String> dbUser;
  private final Refreshing<Secret> dbPass;
  /** The Authorization header of the last credentials used, so that an invocation does not rebuild it. */
  private volatile Authorization last;

  @Inject
  OrdersStreamHandler(Upstream upstream, @SecretVar("DB_USER") Refreshing<String> dbUser,
      @SecretVar("DB_PASS") Refreshing<Secret> dbPass) {
    this.upstream = upstream;
    this.dbUser = dbUser;
    this.dbPass = dbPass;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String query = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    String path = "orders?status=" + (query.contains("\"closed\"") ? "closed" : "open");
    try {
      var answer = upstream.get(path, Map.of("Authorization", authorization(dbUser.current(), dbPass.current())));
      if (answer.statusCode() == HttpURLConnection.HTTP_UNAUTHORIZED) {
        // The password was rotated after our value was read: read the new one and retry once.
        Secret fresh;
        try {
          fresh = dbPass.refresh().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException refreshFailed) {
          // secretfn logged why (variable, reference, step; never a value); the last good value keeps serving.
          write(output, "{\"error\":\"the orders API rejected the database credentials and refreshing them"
              + " failed\"}");
          return;
        }
        // DB_USER is a field of the same object: the refresh that read the password read it too.
        answer = upstream.get(path, Map.of("Authorization", authorization(dbUser.current(), fresh)));
      }
      write(output, answer.statusCode() == 200
          ? answer.body()
          : "{\"error\":\"the orders API answered " + answer.statusCode() + "\"}");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void write(OutputStream output, String body) throws IOException {
    output.write(body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code Basic base64(user:password)}, built once per credentials, not per invocation. */
  private String authorization(String user, Secret password) {
    Authorization cached = last;
    if (cached != null && cached.password == password && cached.user.equals(user)) {
      return cached.header;
    }
    byte[] plain = password.revealBytes();
    byte[] prefix = (user + ":").getBytes(StandardCharsets.UTF_8);
    byte[] credentials = Arrays.copyOf(prefix, prefix.length + plain.length);
    System.arraycopy(plain, 0, credentials, prefix.length, plain.length);
    String header = "Basic " + Base64.getEncoder().encodeToString(credentials);
    Arrays.fill(plain, (byte) 0);
    Arrays.fill(credentials, (byte) 0);
    last = new Authorization(user, password, header);
    return header;
  }

  /** Credentials and the header built from them; compared by the identity of the {@link Secret}. */
  private static final class Authorization {
    final String user;
    final Secret password;
    final String header;

    Authorization(String user, Secret password, String header) {
      this.user = user;
      this.password = password;
      this.header = header;
    }

    @Override
    public String toString() {
      return "Authorization[" + user + "]";
    }
  }
}

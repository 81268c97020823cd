package dev.secretfn.samples.gcf;

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.secretfn.Refreshing;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lists open orders from the orders database API, authenticating with the database credentials. They are read
 * once per request ({@link Refreshing#current()}: no I/O); when the API rejects them (401: the password was
 * rotated since they were read), the handler refreshes them, waiting at most 5 seconds, and retries once.
 */
final class OrdersHandler implements HttpFunction {
  private static final String PATH = "orders?status=open";
  private final Upstream upstream;
  private final Refreshing<String> dbUser;
  private final Refreshing<Secret> dbPass;
  /** The Authorization header of the last credentials used, so that a request does not rebuild it. */
  private volatile Authorization last;

  @Inject
  OrdersHandler(Upstream upstream, @SecretVar("DB_USER") Refreshing<String> dbUser,
      @SecretVar("DB_PASS") Refreshing<Secret> dbPass) {
    this.upstream = upstream;
    this.dbUser = dbUser;
    this.dbPass = dbPass;
  }

  @Override
  public void service(HttpRequest request, HttpResponse response) throws Exception {
    var answer = upstream.get(PATH, Map.of("Authorization", authorization(dbUser.current(), dbPass.current())));
    if (answer.statusCode() == HttpURLConnection.HTTP_UNAUTHORIZED) {
      // The password was rotated after our value was read: read the new one and retry once.
      Secret fresh;
      try {
        fresh = dbPass.refresh().get(5, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException refreshFailed) {
        // secretfn logged why (variable, reference, step; never a value); the last good value keeps serving.
        fail(response, 503, "Service Unavailable",
            "the orders API rejected the database credentials and refreshing them failed");
        return;
      }
      // DB_USER is a field of the same object: the refresh that read the password read it too.
      answer = upstream.get(PATH, Map.of("Authorization", authorization(dbUser.current(), fresh)));
    }
    response.setContentType("application/json");
    if (answer.statusCode() != 200) {
      fail(response, 502, "Bad Gateway", "the orders API answered " + answer.statusCode());
      return;
    }
    response.getWriter().write(answer.body());
  }

  private static void fail(HttpResponse response, int status, String reason, String error) throws Exception {
    response.setContentType("application/json");
    response.setStatusCode(status, reason);
    response.getWriter().write("{\"error\":\"" + error + "\"}");
  }

  /** {@code Basic base64(user:password)}, built once per credentials, not per request. */
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

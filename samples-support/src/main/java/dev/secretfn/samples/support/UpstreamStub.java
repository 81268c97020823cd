package dev.secretfn.samples.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the APIs the samples call with their secrets: {@code /orders} requires HTTP Basic credentials
 * and {@code /weather} requires an {@code X-Api-Key}. It answers 401 to anything else, so a function only
 * succeeds if it was given the real plaintext. Counts authorized and rejected calls. A test rotates the database
 * password with {@link #acceptOnlyDbPass}: from then on only the new one is accepted, as a database does once
 * its password was changed.
 */
public final class UpstreamStub implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "upstream-stub");
    t.setDaemon(true);
    return t;
  });
  private final String dbUser;
  private volatile String expectedBasic;
  private final String expectedApiKey;
  private final AtomicInteger authorized = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();

  private UpstreamStub(String dbUser, String dbPass, String apiKey) throws IOException {
    this.dbUser = dbUser;
    this.expectedBasic = basic(dbUser, dbPass);
    this.expectedApiKey = apiKey;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/orders", exchange -> answer(exchange,
        matches(exchange.getRequestHeaders().getFirst("Authorization"), expectedBasic),
        "{\"open_orders\":3,\"oldest\":\"2026-11-20\"}"));
    server.createContext("/weather", exchange -> answer(exchange,
        matches(exchange.getRequestHeaders().getFirst("X-Api-Key"), expectedApiKey),
        "{\"city\":\"" + cityOf(exchange) + "\",\"forecast\":\"sunny\",\"celsius\":21}"));
    server.setExecutor(executor);
    server.start();
  }

  /** Starts on 127.0.0.1 with the credentials it accepts. */
  public static UpstreamStub start(String dbUser, String dbPass, String apiKey) throws IOException {
    return new UpstreamStub(dbUser, dbPass, apiKey);
  }

  /** Accepts {@code dbPass} on {@code /orders} from now on, and no longer the password it accepted before. */
  public void acceptOnlyDbPass(String dbPass) {
    expectedBasic = basic(dbUser, dbPass);
  }

  /** Calls that carried the expected credentials. */
  public int authorized() {
    return authorized.get();
  }

  /** Calls that did not. */
  public int rejected() {
    return rejected.get();
  }

  /** The base URL, {@code http://127.0.0.1:PORT/}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void answer(HttpExchange exchange, boolean ok, String body) throws IOException {
    (ok ? authorized : rejected).incrementAndGet();
    byte[] bytes = (ok ? body : "{\"error\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(ok ? 200 : 401, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static boolean matches(String actual, String expected) {
    return actual != null && MessageDigest.isEqual(
        actual.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static String cityOf(HttpExchange exchange) {
    String query = exchange.getRequestURI().getQuery();
    return query != null && query.startsWith("city=") ? query.substring(5).replaceAll("[^A-Za-z -]", "") : "?";
  }

  @Override
  public String toString() {
    return "UpstreamStub[" + url() + "]";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

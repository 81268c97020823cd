package dev.secretfn.testing.emulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.secretfn.testing.tls.TestCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP plumbing the emulators share: a {@link HttpServer} on 127.0.0.1 and an ephemeral port, daemon worker
 * threads, the request log, and the knobs that act before a request reaches its {@link Service}. Plain HTTP by
 * default; {@link #startHttps} serves HTTPS with a test certificate instead, for the tests that prove a
 * client verifies the chain and the host name.
 *
 * <p>The base of every secretfn emulator, and of a store author's own: a {@link Service} answers the
 * protocol, and the knobs the contract test kit uses (latency, failures by status, resets, cut bodies, denial)
 * act before it. Users of the built-in stores use the emulators ({@code CloudKmsEmulator}, {@code
 * AwsKmsEmulator}, ...), not this class; docs/extending.md shows a store's own emulator built on it.
 */
public final class HttpEmulator implements AutoCloseable {
  private static final String NODELAY = "sun.net.httpserver.nodelay";
  private static final int WORKER_THREADS = 8;

  static {
    // Test support only (production code sets no global property). com.sun.net.httpserver reads this once,
    // when the first HttpServer of the JVM is created; without TCP_NODELAY, Nagle's algorithm meets the
    // client's delayed ACK and every request on a keep-alive connection costs ~40 ms, which makes every
    // latency measured through an emulator lie. An explicit setting by the user is left alone.
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  /** What an emulator does with a request that no knob intercepted. */
  public interface Service {
    /**
     * Answers {@code request}; never throws for a bad request, answers it with an error instead. A service that
     * parks the request (a long poll) must give up with {@link InterruptedException} when interrupted: the
     * emulator is closing, and the exchange is then dropped.
     */
    Reply serve(RecordedRequest request) throws InterruptedException;

    /** The error this API answers with status {@code httpStatus} when a knob fails a request. */
    Reply failure(RecordedRequest request, int httpStatus);
  }

  private final HttpServer server;
  private final ExecutorService workers;
  private final Service service;
  private final EmulatorKnobs knobs = new EmulatorKnobs();
  private final List<RecordedRequest> log = new CopyOnWriteArrayList<>();
  private final String endpoint;
  private volatile boolean closed;

  private HttpEmulator(String name, Service service, boolean longPolling, TestCertificate certificate)
      throws IOException {
    this.service = service;
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    InetSocketAddress address = new InetSocketAddress(loopback, 0);
    if (certificate == null) {
      this.server = HttpServer.create(address, 0);
    } else {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
      this.server = https;
    }
    this.workers = longPolling
        ? Executors.newCachedThreadPool(daemonThreads(name))
        : Executors.newFixedThreadPool(WORKER_THREADS, daemonThreads(name));
    server.setExecutor(workers);
    server.createContext("/", this::handle);
    server.start();
    this.endpoint = (certificate == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Starts serving {@code service} with a fixed pool of worker threads; {@code name} names the threads. Requests
   * beyond the pool's size wait for a free worker.
   */
  public static HttpEmulator start(String name, Service service) {
    return start(name, service, false);
  }

  /**
   * Starts serving {@code service} with a worker thread for every request in progress (threads are reused and
   * end when idle), for APIs whose requests park until something happens, such as the Lambda Runtime API's
   * {@code /next}: a parked request never keeps another from being served.
   */
  public static HttpEmulator startLongPolling(String name, Service service) {
    return start(name, service, true);
  }

  /**
   * Starts serving {@code service} over HTTPS, presenting {@code certificate} (one of {@link
   * dev.secretfn.testing.tls.TestPki}'s), with a fixed pool of worker threads like {@link #start}. The knobs and
   * the request log work as over HTTP; a client that refuses the certificate never gets as far as a request,
   * so nothing is recorded for it. A client trusts the test CA only once a test installs it ({@link
   * dev.secretfn.testing.tls.TestTrust}).
   *
   * <pre>{@code
   * try (HttpEmulator https = HttpEmulator.startHttps("stub", service, TestPki.shared().loopback())) {
   *   URI endpoint = URI.create(https.endpoint());   // https://127.0.0.1:PORT
   * }
   * }</pre>
   */
  public static HttpEmulator startHttps(String name, Service service, TestCertificate certificate) {
    Objects.requireNonNull(certificate, "certificate");
    return start(name, service, false, certificate);
  }

  private static HttpEmulator start(String name, Service service, boolean longPolling) {
    return start(name, service, longPolling, null);
  }

  private static HttpEmulator start(String name, Service service, boolean longPolling,
      TestCertificate certificate) {
    try {
      return new HttpEmulator(name, service, longPolling, certificate);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + " on 127.0.0.1", e);
    }
  }

  /** The base URL: {@code http://127.0.0.1:PORT}, or {@code https://127.0.0.1:PORT} for {@link #startHttps}. */
  public String endpoint() {
    return endpoint;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  public EmulatorKnobs knobs() {
    return knobs;
  }

  /** Every request received so far, oldest first. */
  public List<RecordedRequest> requests() {
    return List.copyOf(log);
  }

  /** Whether {@link EmulatorKnobs#deny} denies {@code resource}. */
  public boolean denies(String resource) {
    return knobs.denies(resource);
  }

  /** Whether this answer's checksum should be corrupted ({@link EmulatorKnobs#corruptNextChecksum}). */
  public boolean takeChecksumCorruption() {
    return knobs.takeChecksumCorruption();
  }

  /**
   * The body of {@code request} with its {@code Content-Encoding} undone (the official clients gzip uploads);
   * the raw body when there is none or it is {@code identity}.
   *
   * @throws IOException if the body is not valid for its content encoding, or the encoding is not gzip
   */
  public static byte[] entity(RecordedRequest request) throws IOException {
    return request.entity();
  }

  /** Stops at once: open connections are closed, requests in progress are abandoned, threads end. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    workers.shutdownNow();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), uri.getRawPath(),
        uri.getRawQuery(), exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
    log.add(request);
    try {
      knobs.pause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing: drop the exchange like a reset
      throw new DroppedExchange();
    }
    EmulatorKnobs.Fault fault = knobs.takeFault();
    Reply reply;
    if (fault != null && fault.isReset()) {
      throw new DroppedExchange();
    } else if (fault != null && !fault.isTruncation()) {
      reply = service.failure(request, fault.status());
    } else {
      try {
        reply = service.serve(request);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // closing: drop the exchange like a reset
        throw new DroppedExchange();
      } catch (RuntimeException e) {
        // A bug in the emulator: answer like a server error so the client does not hang, and keep the cause.
        reply = service.failure(request, 500);
        reply.header("X-Emulator-Error", String.valueOf(e).replaceAll("[\\r\\n]", " "));
      }
    }
    if (fault != null && fault.isTruncation()) {
      sendHalfAndDrop(exchange, reply);
    }
    send(exchange, reply);
  }

  /**
   * Sends the status line, the headers with the full length (or chunked, for a chunked reply) and half of the
   * body (at least one byte of a non-empty body), flushed onto the wire, then drops the connection ({@link EmulatorKnobs#truncateNext}).
   */
  private static void sendHalfAndDrop(HttpExchange exchange, Reply reply) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    byte[] body = reply.body();
    exchange.sendResponseHeaders(reply.status(), reply.lengthArgument());
    OutputStream out = exchange.getResponseBody();
    out.write(body, 0, (body.length + 1) / 2);
    out.flush();
    throw new DroppedExchange();
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      headers.set(h.getKey(), h.getValue());
    }
    byte[] body = reply.body();
    // Length -1 means "no body" (the server then writes Content-Length: 0); 0 means chunked.
    exchange.sendResponseHeaders(reply.status(), reply.lengthArgument());
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Thrown out of the handler to drop an exchange: {@code HttpServer} then closes the connection without
   * writing (the rest of) a response, which is what {@link EmulatorKnobs#resetNext} and {@link
   * EmulatorKnobs#truncateNext} promise.
   */
  private static final class DroppedExchange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DroppedExchange() {
      super("dropped by EmulatorKnobs.resetNext or truncateNext", null, false, false);
    }
  }
}

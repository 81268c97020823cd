package dev.secretfn.gcp.storage;

import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseInterceptor;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What the Cloud Storage client hides from a caller: each HTTP request's timeouts and each response's headers.
 * A source opens a {@link Call} around one client call on its own thread; the transport options below then set
 * the connect and read timeouts of every request of that call from the time left (the client's own timeouts are
 * fixed when it is built, so a stalled read could outlive the start-up deadline), and record what the response
 * says about its body ({@link Served}): the {@code crc32c} of its {@code x-goog-hash}, its {@code
 * Content-Encoding} and the object's {@code x-goog-stored-content-encoding}.
 *
 * <p>Why record the hash: google-cloud-storage 2.75.0 skips its CRC32C check of a media download whenever the
 * response carries {@code x-goog-stored-content-encoding} or {@code x-goog-stored-content-length} (it takes the
 * object for transcoded), and Cloud Storage sends both on every download; so the client never verifies, and
 * {@link ObjectReader} does. Why the encodings: the client sends {@code Accept-Encoding: gzip} and its reader
 * returns the raw body, so an object stored gzip-compressed arrives compressed, as stored, and the hash covers
 * those bytes; {@link ObjectReader} needs both to know what it received and what the hash describes.
 */
final class StorageCalls {
  private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

  private StorageCalls() {}

  /** Starts a call on this thread that must finish within {@code timeout}; close it when the call returns. */
  static Call open(Duration timeout) {
    Call call = new Call(System.nanoTime() + Math.max(1, timeout.toNanos()));
    CURRENT.set(call);
    return call;
  }

  /** One client call: its deadline, and what its last response said about its body. */
  static final class Call implements AutoCloseable {
    private final long deadlineNanos;
    private volatile Served served = Served.NOTHING;

    private Call(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    /** What the last response declared about its body ({@link Served#NOTHING} before any response). */
    Served served() {
      return served;
    }

    /** Milliseconds left, at least 1 (0 would mean "no timeout" to the HTTP client). */
    int remainingMillis() {
      long millis = (deadlineNanos - System.nanoTime()) / 1_000_000;
      return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    @Override
    public void close() {
      CURRENT.remove();
    }
  }

  /**
   * The client's HTTP transport options with the per-call timeouts and the hash recording added; outside a
   * {@link Call} requests keep the options' own timeouts.
   */
  static final class CallScopedTransportOptions extends HttpTransportOptions {
    private static final long serialVersionUID = 1L;

    CallScopedTransportOptions(HttpTransportOptions.Builder builder) {
      super(builder);
    }

    @Override
    public HttpRequestInitializer getHttpRequestInitializer(ServiceOptions<?, ?> serviceOptions) {
      HttpRequestInitializer delegate = super.getHttpRequestInitializer(serviceOptions);
      return request -> {
        delegate.initialize(request);
        HttpExecuteInterceptor execute = request.getInterceptor();
        request.setInterceptor(r -> {
          if (execute != null) {
            execute.intercept(r);
          }
          Call call = CURRENT.get();
          if (call != null) {
            int millis = call.remainingMillis();
            r.setConnectTimeout(millis).setReadTimeout(millis);
          }
        });
        HttpResponseInterceptor response = request.getResponseInterceptor();
        request.setResponseInterceptor(r -> {
          Call call = CURRENT.get();
          if (call != null) {
            call.served = Served.of(r.getHeaders());
          }
          if (response != null) {
            response.interceptResponse(r);
          }
        });
      };
    }
  }

  /**
   * What a download declared about its body. Encodings are lower case, {@code identity} and none both empty.
   *
   * @param crc32c the {@code crc32c} of {@code x-goog-hash} (base64 of the big-endian CRC32C), which Cloud
   *     Storage computes over the object's stored bytes
   * @param contentEncoding the {@code Content-Encoding} of the body received
   * @param storedContentEncoding the object's content encoding ({@code x-goog-stored-content-encoding}), empty
   *     when the response does not say
   */
  record Served(Optional<String> crc32c, Optional<String> contentEncoding, Optional<String> storedContentEncoding) {
    static final Served NOTHING = new Served(Optional.empty(), Optional.empty(), Optional.empty());

    static Served of(HttpHeaders headers) {
      return new Served(Optional.ofNullable(declaredCrc32c(headers)), encoding(headers.getContentEncoding()),
          encoding(headers.getFirstHeaderStringValue("x-goog-stored-content-encoding")));
    }

    private static Optional<String> encoding(String header) {
      if (header == null) {
        return Optional.empty();
      }
      String encoding = header.trim().toLowerCase(Locale.ROOT);
      return encoding.isEmpty() || encoding.equals("identity") ? Optional.empty() : Optional.of(encoding);
    }
  }

  /** The crc32c member of {@code x-goog-hash} (one header per hash, or comma-separated in one), or null. */
  static String declaredCrc32c(HttpHeaders headers) {
    for (String header : headers.getHeaderStringValues("x-goog-hash")) {
      for (String member : header.split(",")) {
        String m = member.trim();
        if (m.startsWith("crc32c=")) {
          return m.substring("crc32c=".length());
        }
      }
    }
    return null;
  }
}

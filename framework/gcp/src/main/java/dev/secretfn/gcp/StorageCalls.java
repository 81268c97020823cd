package dev.secretfn.gcp;

import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseInterceptor;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the Cloud Storage client hides from a caller: each HTTP request's timeouts and each response's headers.
 * A source opens a {@link Call} around one client call on its own thread; the transport options below then set
 * the connect and read timeouts of every request of that call from the time left (the client's own timeouts are
 * fixed when it is built, so a stalled read could outlive the start-up deadline), and record the {@code crc32c}
 * of the response's {@code x-goog-hash}.
 *
 * <p>Why record the hash: google-cloud-storage 2.75.0 skips its CRC32C check of a media download whenever the
 * response carries {@code x-goog-stored-content-encoding} or {@code x-goog-stored-content-length} (it takes the
 * object for transcoded), and Cloud Storage sends both on every download; so the client never verifies, and
 * {@link ObjectReader} does.
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

  /** One client call: its deadline, and the CRC32C of its last response, if that response had one. */
  static final class Call implements AutoCloseable {
    private final long deadlineNanos;
    private volatile String crc32c;

    private Call(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    /** The base64 big-endian CRC32C that the last response's {@code x-goog-hash} declared. */
    Optional<String> crc32c() {
      return Optional.ofNullable(crc32c);
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
            call.crc32c = declaredCrc32c(r.getHeaders());
          }
          if (response != null) {
            response.interceptResponse(r);
          }
        });
      };
    }
  }

  /**
   * The crc32c member of {@code x-goog-hash} (one header per hash, or comma-separated in one), or null when there
   * is none or when it does not describe the bytes received: an object stored with a content encoding (gzip) is
   * served decompressed, or compressed for the client to inflate, and its hash covers the stored bytes.
   */
  static String declaredCrc32c(HttpHeaders headers) {
    if (!isIdentity(headers.getFirstHeaderStringValue("x-goog-stored-content-encoding"))
        || !isIdentity(headers.getContentEncoding())) {
      return null;
    }
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

  private static boolean isIdentity(String encoding) {
    return encoding == null || encoding.isEmpty() || encoding.equalsIgnoreCase("identity");
  }
}

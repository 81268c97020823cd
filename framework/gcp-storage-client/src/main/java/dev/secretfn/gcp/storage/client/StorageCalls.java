package dev.secretfn.gcp.storage.client;

import com.google.api.client.http.HttpExecuteInterceptor;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpResponseInterceptor;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import dev.secretfn.gcp.storage.internal.MediaHeaders;
import java.time.Duration;

/**
 * What the Cloud Storage client hides from a caller: each HTTP request's timeouts and each response's headers.
 * The transport opens a {@link Call} around one client call on its own thread; the transport options below then
 * set the connect and read timeouts of every request of that call from the time left (the client's own timeouts
 * are fixed when it is built, so a stalled read could outlive the start-up deadline), and record what the response
 * says about its body ({@link MediaHeaders}): the {@code crc32c} of its {@code x-goog-hash}, its {@code
 * Content-Encoding} and the object's {@code x-goog-stored-content-encoding}, which the store's object reader needs
 * to check the bytes the same way on both transports.
 *
 * <p>Why record the hash: google-cloud-storage 2.75.0 skips its CRC32C check of a media download whenever the
 * response carries {@code x-goog-stored-content-encoding} or {@code x-goog-stored-content-length} (it takes the
 * object for transcoded), and Cloud Storage sends both on every download; so the client never verifies. Why the
 * encodings: the client sends {@code Accept-Encoding: gzip} and its reader returns the raw body, so an object stored
 * gzip-compressed arrives compressed, as stored, and the hash covers those bytes.
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
    private volatile MediaHeaders served = MediaHeaders.NOTHING;

    private Call(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    /** What the last response declared about its body ({@link MediaHeaders#NOTHING} before any response). */
    MediaHeaders served() {
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

  /** What a response's headers declare about its body. */
  static MediaHeaders served(HttpHeaders headers) {
    return MediaHeaders.of(headers.getHeaderStringValues("x-goog-hash"), headers.getContentEncoding(),
        headers.getFirstHeaderStringValue("x-goog-stored-content-encoding"));
  }

  /**
   * The client's HTTP transport options with the per-call timeouts and the header recording added; outside a
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
            call.served = served(r.getHeaders());
          }
          if (response != null) {
            response.interceptResponse(r);
          }
        });
      };
    }
  }
}

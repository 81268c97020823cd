package dev.secretfn.gcp.secretmanager.client;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerErrors;
import dev.secretfn.gcp.secretmanager.internal.SecretManagerTransport;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Maps gax's {@link ApiException} onto the transport-neutral classification in {@link SecretManagerErrors}.
 *
 * <p>gax-httpjson derives its status code from the HTTP status alone, so a disabled or destroyed version (HTTP 400
 * with Google's status {@code FAILED_PRECONDITION}) would read as {@code INVALID_ARGUMENT}. The answer it got is
 * kept in the exception's cause ({@link HttpResponseException}): its status and body go through the same
 * classification as the lean transport's, so both report {@code FAILED_PRECONDITION} and the same fix.
 */
final class ApiExceptions {
  private ApiExceptions() {}

  static SourceException classify(ApiException e, SecretManagerTransport.Request request)
      throws InterruptedException {
    String name = request.versionName();
    HttpResponseException answered = cause(e, HttpResponseException.class);
    if (answered != null) {
      String content = answered.getContent();
      return SecretManagerErrors.answered(answered.getStatusCode(),
          content == null ? new byte[0] : content.getBytes(StandardCharsets.UTF_8), name, request.version());
    }
    StatusCode.Code code = e.getStatusCode().getCode();
    // gax-httpjson reports a connection lost before (UNKNOWN) or during (CANCELLED) the answer this way.
    if (code == StatusCode.Code.UNKNOWN || code == StatusCode.Code.CANCELLED) {
      IOException transport = cause(e, IOException.class);
      if (transport != null) {
        return SecretManagerErrors.unanswered(transport, name);
      }
    }
    return SecretManagerErrors.answered(code.name(), SecretManagerErrors.Detail.of(e.getMessage()), name,
        request.version());
  }

  /** The first cause of {@code e} of {@code type}, if any. */
  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    int depth = 0;
    for (Throwable t = e.getCause(); t != null && depth < 16; t = t.getCause(), depth++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}

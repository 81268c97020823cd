package dev.secretfn.gcp.kms.client;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import dev.secretfn.Step;
import dev.secretfn.gcp.internal.GcpErrors;
import dev.secretfn.spi.SourceException;
import java.io.IOException;

/** Maps gax's {@link ApiException} onto the transport-neutral Cloud KMS classification in {@link GcpErrors}. */
final class ApiExceptions {
  private ApiExceptions() {}

  static SourceException classify(ApiException e, String cryptoKey, Step step) throws InterruptedException {
    StatusCode.Code code = e.getStatusCode().getCode();
    // gax-httpjson reports a connection lost before (UNKNOWN) or during (CANCELLED) the answer this way.
    if (code == StatusCode.Code.UNKNOWN || code == StatusCode.Code.CANCELLED) {
      IOException transport = transportCause(e);
      if (transport != null) {
        return GcpErrors.kmsUnanswered(transport, cryptoKey, step, e);
      }
    }
    return GcpErrors.kms(code.name(), GcpErrors.isKmsChecksumRejection(e.getMessage()), cryptoKey, step, e);
  }

  /** The I/O error under a client exception that never got an answer (a reset connection), if any. */
  private static IOException transportCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException && !(t instanceof HttpResponseException)) {
        return (IOException) t;
      }
    }
    return null;
  }
}

package dev.secretfn.aws.internal;

import dev.secretfn.internal.HttpExchange;
import dev.secretfn.internal.JsonFields;
import dev.secretfn.internal.JsonFields.JsonShapeException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Not an API: an error answer of an AWS JSON protocol (AWS JSON 1.0/1.1: KMS, Secrets Manager, SSM), read as the
 * SDK reads it: the code from the {@code x-amzn-ErrorType} header, else the body's {@code __type} (or {@code
 * code}), without the namespace before {@code '#'} and anything after {@code ':'}; the message from the {@code
 * x-amzn-error-message} header, else the body's {@code message}, {@code Message} or {@code errorMessage}. A body
 * that is not JSON leaves both empty. Kept as the cause of the {@code SourceException} for stack traces, as the
 * SDK's exception is on the official transport.
 */
public final class AwsServiceError extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int MAX_MESSAGE = 512;

  private final String code;
  private final int status;

  private AwsServiceError(int status, String code, String message) {
    super("AWS answered " + status + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message),
        null, false, false);
    this.status = status;
    this.code = code;
  }

  /** The error of an answer whose status is not 2xx. */
  public static AwsServiceError of(HttpExchange.Response answer) {
    String code = answer.header("x-amzn-ErrorType").map(AwsServiceError::withoutNamespace)
        .or(() -> field(answer.body(), "__type").map(AwsServiceError::withoutNamespace))
        .or(() -> field(answer.body(), "code").map(AwsServiceError::withoutNamespace))
        .orElse("");
    String message = answer.header("x-amzn-error-message")
        .or(() -> field(answer.body(), "message"))
        .or(() -> field(answer.body(), "Message"))
        .or(() -> field(answer.body(), "errorMessage"))
        .orElse("");
    return new AwsServiceError(answer.status(), code, printable(message));
  }

  /** The error code, such as {@code InvalidCiphertextException}; empty if the answer named none. */
  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** {@code com.amazonaws.kms#NotFoundException:http://...} is {@code NotFoundException}. */
  static String withoutNamespace(String value) {
    int end = value.indexOf(':') < 0 ? value.length() : value.indexOf(':');
    int hash = value.indexOf('#');
    int start = hash >= 0 && hash + 1 < end ? hash + 1 : 0;
    return value.substring(start, end).trim();
  }

  private static Optional<String> field(byte[] body, String name) {
    try {
      return Optional.of(new String(JsonFields.select(body, name), StandardCharsets.UTF_8));
    } catch (JsonShapeException e) {
      return Optional.empty(); // no such string field, or not JSON: an error answer of a proxy, say
    }
  }

  /** AWS's message, shortened and on one line. */
  private static String printable(String message) {
    String line = message.replaceAll("\\p{Cntrl}", " ").trim();
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
  }
}

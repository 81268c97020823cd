package dev.secretfn.testing.aws;

import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.Reply;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The AWS JSON 1.1 answers that the KMS, Secrets Manager and SSM emulators give alike. */
final class AwsJson {
  static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private AwsJson() {}

  /** A 200 answer with {@code answer} as its JSON body. */
  static Reply ok(Map<String, Object> answer) {
    return Reply.bytes(200, CONTENT_TYPE, Json.write(answer).getBytes(StandardCharsets.UTF_8))
        .header("x-amzn-RequestId", UUID.randomUUID().toString());
  }

  /**
   * An AWS JSON error: {@code __type} and the message under {@code messageField}, which services spell
   * differently ({@code message} for KMS and SSM, {@code Message} for Secrets Manager).
   */
  static Reply error(int status, String type, String messageField, String message) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("__type", type);
    answer.put(messageField, message);
    return Reply.bytes(status, CONTENT_TYPE, Json.write(answer).getBytes(StandardCharsets.UTF_8))
        .header("x-amzn-RequestId", UUID.randomUUID().toString())
        .header("x-amzn-ErrorType", type);
  }

  /** An error answer in the making: thrown inside request handling, turned into an AWS JSON error. */
  static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String type;

    ApiError(int status, String type, String message) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
    }
  }
}

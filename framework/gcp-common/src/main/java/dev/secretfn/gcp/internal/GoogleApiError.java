package dev.secretfn.gcp.internal;

import dev.secretfn.internal.JsonFields;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Not an API: what a lean call reads from a Google API's error answer, {@code
 * {"error":{"code":403,"status":"PERMISSION_DENIED","message":"..."}}}, for {@link GcpErrors}. The service's
 * message is only ever searched, never returned or quoted: it may echo part of a request.
 */
public final class GoogleApiError {
  private static final int MAX_STATUS_LENGTH = 40;

  private GoogleApiError() {}

  /**
   * Google's canonical status name ({@code google.rpc.Code}, e.g. {@code PERMISSION_DENIED}) of an error answer:
   * the JSON error's {@code status} when the body is one, else the status the official clients (gax) derive
   * from {@code httpStatus}, so that a proxy's HTML 503 reads as {@code UNAVAILABLE} on both transports.
   */
  public static String status(int httpStatus, byte[] body) {
    return jsonStatus(body).orElseGet(() -> fromHttpStatus(httpStatus));
  }

  /** Whether the error's {@code message} passes {@code test}; false when there is none. */
  public static boolean messageMatches(byte[] body, Predicate<String> test) {
    byte[] error = null;
    byte[] message = null;
    try {
      error = JsonFields.member(body, "error");
      message = JsonFields.select(error, "message");
      return test.test(new String(message, StandardCharsets.UTF_8));
    } catch (JsonFields.JsonShapeException e) {
      return false;
    } finally {
      wipe(error);
      wipe(message);
    }
  }

  /**
   * The status gax-httpjson gives an HTTP status ({@code HttpJsonStatusCode}): the official transport never
   * reads the JSON error's status, so this is also what it reports for every answer.
   */
  public static String fromHttpStatus(int httpStatus) {
    if (httpStatus >= 200 && httpStatus < 300) {
      return "OK";
    }
    if (httpStatus >= 400 && httpStatus < 500) {
      switch (httpStatus) {
        case 400:
          return "INVALID_ARGUMENT";
        case 401:
          return "UNAUTHENTICATED";
        case 403:
          return "PERMISSION_DENIED";
        case 404:
          return "NOT_FOUND";
        case 409:
          return "ABORTED";
        case 416:
          return "OUT_OF_RANGE";
        case 429:
          return "RESOURCE_EXHAUSTED";
        case 499:
          return "CANCELLED";
        default:
          return "FAILED_PRECONDITION";
      }
    }
    if (httpStatus >= 500 && httpStatus < 600) {
      switch (httpStatus) {
        case 501:
          return "UNIMPLEMENTED";
        case 503:
          return "UNAVAILABLE";
        case 504:
          return "DEADLINE_EXCEEDED";
        default:
          return "INTERNAL";
      }
    }
    return "UNKNOWN";
  }

  /** The JSON error's status, if the body is a Google JSON error whose status is a status name. */
  private static Optional<String> jsonStatus(byte[] body) {
    byte[] error = null;
    try {
      error = JsonFields.member(body, "error");
      String status = new String(JsonFields.select(error, "status"), StandardCharsets.UTF_8);
      // A status name goes into messages: accept only the shape of one, never arbitrary text.
      return status.length() <= MAX_STATUS_LENGTH && status.matches("[A-Z][A-Z_]*")
          ? Optional.of(status) : Optional.empty();
    } catch (JsonFields.JsonShapeException e) {
      return Optional.empty();
    } finally {
      wipe(error); // the error's message may echo part of the request
    }
  }

  private static void wipe(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}

package dev.secretfn.gcp.storage.internal;

import dev.secretfn.internal.JsonFields;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code reason} of a Cloud Storage JSON API error, {@code {"error":{"code":404,"message":..,"errors":[{
 * "message":..,"domain":"global","reason":"notFound"}]}}}: the first entry's, as google-cloud-storage reads it.
 * An answer that is not such JSON (a proxy's HTML page) has none; the status then speaks alone.
 */
final class GoogleJsonError {
  private GoogleJsonError() {}

  static Optional<String> reason(byte[] body) {
    try {
      byte[] error = JsonFields.member(body, "error");
      byte[] errors = JsonFields.member(error, "errors");
      Optional<byte[]> first = firstElement(errors);
      if (first.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new String(JsonFields.select(first.get(), "reason"), StandardCharsets.UTF_8));
    } catch (JsonFields.JsonShapeException e) {
      return Optional.empty();
    }
  }

  /**
   * The first element of a JSON array that {@link JsonFields} has already validated, when it is an object.
   * Scans for the end of that object, stepping over strings (which may hold braces) and their escapes.
   */
  static Optional<byte[]> firstElement(byte[] array) {
    int i = 0;
    while (i < array.length && array[i] != '[') {
      i++;
    }
    i++;
    while (i < array.length && isWhitespace(array[i])) {
      i++;
    }
    if (i >= array.length || array[i] != '{') {
      return Optional.empty();
    }
    int start = i;
    int depth = 0;
    boolean inString = false;
    for (; i < array.length; i++) {
      byte b = array[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if (b == '}' || b == ']') {
        depth--;
        if (depth == 0) {
          return Optional.of(Arrays.copyOfRange(array, start, i + 1));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }
}

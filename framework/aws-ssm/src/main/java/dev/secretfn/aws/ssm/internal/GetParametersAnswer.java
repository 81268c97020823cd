package dev.secretfn.aws.ssm.internal;

import dev.secretfn.internal.JsonFields;
import dev.secretfn.internal.JsonFields.JsonShapeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Not an API: a {@code GetParameters} answer, read for the selectors asked: {@code {"Parameters": [{"Name", "Selector"?, "Type",
 * "Value", "Version", "ARN", ...}], "InvalidParameters": [selectors]}}. Parameter Store answers a parameter asked
 * as {@code NAME:SELECTOR} under {@code "Name": NAME} with {@code "Selector": ":SELECTOR"}, and lists the
 * selectors it could not serve in {@code InvalidParameters} as they were asked. Holds the values (plaintext) until
 * taken; {@link #wipe} clears what was not. Thread-safe: the members of a batch take their values from one answer.
 * Its {@code toString} counts values and never shows one.
 */
public final class GetParametersAnswer {
  private final Map<String, byte[]> values;
  private final Set<String> invalid;

  private GetParametersAnswer(Map<String, byte[]> values, Set<String> invalid) {
    this.values = values;
    this.invalid = invalid;
  }

  /**
   * An answer already read by a client library: each selector asked and its value, which this answer now owns (not
   * copied), and the selectors listed in {@code InvalidParameters}.
   */
  public static GetParametersAnswer of(Map<String, byte[]> values, Set<String> invalid) {
    return new GetParametersAnswer(new HashMap<>(values), Set.copyOf(invalid));
  }

  /**
   * The key a parameter of the answer is asked by: its {@code Name}, then its {@code Selector} ({@code ":3"},
   * {@code ":prod"}) when the answer has one.
   */
  public static String selectorOf(String name, String selector) {
    return selector == null || selector.isEmpty() ? name
        : name + (selector.startsWith(":") ? "" : ":") + selector;
  }

  /**
   * Reads {@code body} for {@code asked}.
   *
   * @throws NotAnAnswer when the body is not such an answer (its message quotes nothing)
   */
  static GetParametersAnswer parse(byte[] body, List<String> asked) throws NotAnAnswer {
    try {
      return read(body, asked);
    } catch (JsonShapeException e) {
      throw new NotAnAnswer(e.getMessage());
    }
  }

  private static GetParametersAnswer read(byte[] body, List<String> asked) throws JsonShapeException, NotAnAnswer {
    Map<String, byte[]> values = new HashMap<>();
    Set<String> invalid = new HashSet<>();
    byte[] parameters = optionalMember(body, "Parameters");
    try {
      for (byte[] parameter : elements(parameters)) {
        try {
          String name = text(JsonFields.select(parameter, "Name"));
          String selector = optionalString(parameter, "Selector").orElse("");
          String key = selectorOf(name, selector);
          if (!asked.contains(key) || values.containsKey(key)) {
            continue; // not asked (or answered twice): keep nothing of it
          }
          values.put(key, JsonFields.select(parameter, "Value"));
        } finally {
          Arrays.fill(parameter, (byte) 0);
        }
      }
    } catch (JsonShapeException | NotAnAnswer | RuntimeException e) {
      values.values().forEach(v -> Arrays.fill(v, (byte) 0));
      throw e;
    } finally {
      Arrays.fill(parameters, (byte) 0);
    }
    for (byte[] name : elements(optionalMember(body, "InvalidParameters"))) {
      invalid.add(text(JsonFields.select(wrap(name), "v")));
    }
    return new GetParametersAnswer(values, invalid);
  }

  /** The value of {@code selector}, which the caller now owns; empty if the answer had none. */
  public synchronized Optional<byte[]> take(String selector) {
    return Optional.ofNullable(values.remove(selector));
  }

  /** Whether Parameter Store listed {@code selector} among its InvalidParameters. */
  public synchronized boolean invalid(String selector) {
    return invalid.contains(selector);
  }

  /** Wipes the values nobody took. */
  public synchronized void wipe() {
    values.values().forEach(v -> Arrays.fill(v, (byte) 0));
    values.clear();
  }

  @Override
  public synchronized String toString() {
    return "GetParametersAnswer[" + values.size() + " values, " + invalid.size() + " invalid]";
  }

  private static byte[] optionalMember(byte[] body, String name) throws JsonShapeException {
    try {
      return JsonFields.member(body, name);
    } catch (JsonShapeException e) {
      if (e.getMessage() != null && e.getMessage().contains("has no field")) {
        return "[]".getBytes(StandardCharsets.US_ASCII);
      }
      throw e;
    }
  }

  private static Optional<String> optionalString(byte[] object, String name) throws JsonShapeException {
    byte[] raw = optionalMember(object, name);
    if (raw.length == 2 && raw[0] == '[') {
      return Optional.empty(); // absent
    }
    if (raw.length == 4 && raw[0] == 'n') {
      return Optional.empty(); // null
    }
    return Optional.of(text(JsonFields.select(object, name)));
  }

  private static byte[] wrap(byte[] jsonString) {
    byte[] out = new byte[jsonString.length + 6];
    System.arraycopy("{\"v\":".getBytes(StandardCharsets.US_ASCII), 0, out, 0, 5);
    System.arraycopy(jsonString, 0, out, 5, jsonString.length);
    out[out.length - 1] = '}';
    return out;
  }

  private static String text(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /**
   * The elements of a JSON array as JSON texts, from text JsonFields has already validated: split at the commas
   * of depth one outside strings.
   *
   * @throws NotAnAnswer when it is not an array
   */
  static List<byte[]> elements(byte[] array) throws NotAnAnswer {
    int start = 0;
    while (start < array.length && isSpace(array[start])) {
      start++;
    }
    if (start >= array.length || array[start] != '[') {
      throw new NotAnAnswer("a member that should be a JSON array is not one");
    }
    List<byte[]> out = new ArrayList<>();
    int depth = 0;
    boolean inString = false;
    int from = start + 1;
    for (int i = start; i < array.length; i++) {
      byte b = array[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
        continue;
      }
      if (b == '"') {
        inString = true;
      } else if (b == '[' || b == '{') {
        depth++;
      } else if (b == ']' || b == '}') {
        depth--;
        if (depth == 0) {
          add(out, array, from, i);
          break;
        }
      } else if (b == ',' && depth == 1) {
        add(out, array, from, i);
        from = i + 1;
      }
    }
    return out;
  }

  private static void add(List<byte[]> out, byte[] array, int from, int to) {
    while (from < to && isSpace(array[from])) {
      from++;
    }
    while (to > from && isSpace(array[to - 1])) {
      to--;
    }
    if (to > from) {
      out.add(Arrays.copyOfRange(array, from, to));
    }
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /** A success answer that is not a GetParameters answer; the message describes its shape only. */
  static final class NotAnAnswer extends Exception {
    private static final long serialVersionUID = 1L;

    NotAnAnswer(String message) {
      super(message, null, false, false);
    }
  }
}

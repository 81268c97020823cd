package dev.secretfn.testing.emulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON (RFC 8259) for the emulators: a strict parser into {@code Map}/{@code List}/{@code
 * String}/{@code BigDecimal}/{@code Boolean}/{@code null}, and a writer for the same shapes.
 *
 * <p>Hand-written because the testing module must not add a runtime dependency; the emulators only read small
 * request bodies and write small responses. Internal to secretfn's emulators, like {@link HttpEmulator}: not an
 * API.
 */
public final class Json {
  private static final int MAX_DEPTH = 64;

  private final String in;
  private int pos;

  private Json(String in) {
    this.in = in;
  }

  /** Thrown for a document that is not JSON; the message describes the position, never the content. */
  public static final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
      super(message);
    }
  }

  /** Parses a document whose top level must be an object. */
  public static Map<String, Object> parseObject(String document) throws MalformedJsonException {
    Json parser = new Json(document);
    parser.skipWhitespace();
    if (parser.peek() != '{') {
      throw new MalformedJsonException("expected a JSON object at position 0");
    }
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos != document.length()) {
      throw parser.error("unexpected content after the JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) value;
    return object;
  }

  /** Writes {@code value}: a Map with String keys, List, CharSequence, Number, Boolean or null. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        writeString((String) e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (value instanceof List) {
      out.append('[');
      boolean first = true;
      for (Object element : (List<?>) value) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(element, out);
      }
      out.append(']');
    } else if (value instanceof CharSequence) {
      writeString(value.toString(), out);
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private Object value(int depth) throws MalformedJsonException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH);
    }
    skipWhitespace();
    char c = peek();
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character");
    }
  }

  private Map<String, Object> object(int depth) throws MalformedJsonException {
    Map<String, Object> object = new LinkedHashMap<>();
    pos++; // '{'
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return object;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a field name");
      }
      String key = string();
      skipWhitespace();
      expect(':');
      Object value = value(depth + 1);
      if (object.containsKey(key)) {
        throw error("duplicate field");
      }
      object.put(key, value);
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return object;
      }
    }
  }

  private List<Object> array(int depth) throws MalformedJsonException {
    List<Object> array = new ArrayList<>();
    pos++; // '['
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return array;
    }
    while (true) {
      array.add(value(depth + 1));
      skipWhitespace();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return array;
      }
    }
  }

  private String string() throws MalformedJsonException {
    pos++; // opening quote
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= in.length()) {
        throw error("unterminated string");
      }
      char c = in.charAt(pos++);
      if (c == '"') {
        return out.toString();
      } else if (c == '\\') {
        if (pos >= in.length()) {
          throw error("unterminated escape");
        }
        char e = in.charAt(pos++);
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out.append(e);
            break;
          case 'b':
            out.append('\b');
            break;
          case 'f':
            out.append('\f');
            break;
          case 'n':
            out.append('\n');
            break;
          case 'r':
            out.append('\r');
            break;
          case 't':
            out.append('\t');
            break;
          case 'u':
            if (pos + 4 > in.length()) {
              throw error("truncated \\u escape");
            }
            try {
              out.append((char) Integer.parseInt(in.substring(pos, pos + 4), 16));
            } catch (NumberFormatException nfe) {
              throw error("invalid \\u escape");
            }
            pos += 4;
            break;
          default:
            throw error("invalid escape");
        }
      } else if (c < 0x20) {
        throw error("control character in a string");
      } else {
        out.append(c);
      }
    }
  }

  private BigDecimal number() throws MalformedJsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < in.length() && "0123456789.eE+-".indexOf(in.charAt(pos)) >= 0) {
      pos++;
    }
    try {
      return new BigDecimal(in.substring(start, pos));
    } catch (NumberFormatException e) {
      throw error("invalid number");
    }
  }

  private void literal(String word) throws MalformedJsonException {
    if (!in.startsWith(word, pos)) {
      throw error("unexpected character");
    }
    pos += word.length();
  }

  private void expect(char c) throws MalformedJsonException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() throws MalformedJsonException {
    if (pos >= in.length()) {
      throw error("unexpected end of input");
    }
    return in.charAt(pos);
  }

  private void skipWhitespace() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private MalformedJsonException error(String what) {
    return new MalformedJsonException(what + " at position " + pos);
  }
}

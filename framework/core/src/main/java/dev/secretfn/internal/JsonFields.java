package dev.secretfn.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Selects one string field from a JSON object (RFC 8259), strictly and without echoing the payload.
 *
 * <p>A small hand-written parser rather than a JSON library: it validates the whole document, limits
 * nesting, decodes the selected string straight into a byte array that the caller owns, and its errors
 * describe positions and shapes only. A general-purpose library would put the payload into its exception
 * messages and into immutable Strings.
 *
 * <p>Not an API: public only so that secretfn's own modules share the one strict reader (and {@link #quote},
 * its string writer). It may change in
 * any release.
 */
public final class JsonFields {
  /** Deepest nesting accepted. */
  public static final int MAX_DEPTH = 64;

  private final byte[] in;
  private final byte[] wanted;
  private final boolean raw;
  private int pos;
  private byte[] found;
  private String foundKind;

  private JsonFields(byte[] in, byte[] wanted, boolean raw) {
    this.in = in;
    this.wanted = wanted;
    this.raw = raw;
  }

  /** {@code s} as a JSON string literal: quotes, backslashes and control characters escaped. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** Returns the UTF-8 bytes of string field {@code field} of the JSON object {@code json}. */
  public static byte[] select(byte[] json, String field) throws JsonShapeException {
    return parse(json, field, false);
  }

  /**
   * Returns member {@code field} of the JSON object {@code json} as JSON text, whatever its kind (an object
   * such as {@code {"a":1}}, a string with its quotes, {@code null}, ...), exactly as it appears in the
   * payload. The whole document is validated first.
   */
  public static byte[] member(byte[] json, String field) throws JsonShapeException {
    return parse(json, field, true);
  }

  private static byte[] parse(byte[] json, String field, boolean raw) throws JsonShapeException {
    requireUtf8(json);
    JsonFields parser = new JsonFields(json, field.getBytes(StandardCharsets.UTF_8), raw);
    try {
      parser.document();
    } catch (JsonShapeException | RuntimeException e) {
      parser.wipeFound();
      throw e;
    }
    if (parser.foundKind == null) {
      throw new JsonShapeException("the JSON object has no field '" + field + "'");
    }
    if (parser.found == null && !raw) {
      throw new JsonShapeException(
          "field '" + field + "' is a JSON " + parser.foundKind + ", expected a string");
    }
    return parser.found;
  }

  private void document() throws JsonShapeException {
    skipWhitespace();
    if (pos >= in.length) {
      throw new JsonShapeException("the payload is empty, expected a JSON object");
    }
    if (in[pos] != '{') {
      String kind = kindAt(pos);
      throw new JsonShapeException(kind.isEmpty() ? "the payload is not a JSON object (it is not JSON at all)"
          : "the payload is not a JSON object (it starts like a JSON " + kind + ")");
    }
    topLevelObject();
    skipWhitespace();
    if (pos != in.length) {
      throw malformed("unexpected content after the JSON object");
    }
  }

  private void topLevelObject() throws JsonShapeException {
    pos++; // '{'
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw malformed("expected a field name");
      }
      byte[] key = string();
      boolean match = Arrays.equals(key, wanted);
      Arrays.fill(key, (byte) 0);
      skipWhitespace();
      expect(':');
      skipWhitespace();
      if (match) {
        if (foundKind != null) {
          throw new JsonShapeException("the JSON object has field '" + new String(wanted, StandardCharsets.UTF_8)
              + "' more than once");
        }
        foundKind = kindAt(pos);
        int start = pos;
        if (peek() == '"' && !raw) {
          found = string();
        } else {
          value(1);
          if (raw) {
            found = Arrays.copyOfRange(in, start, pos);
          }
        }
      } else {
        value(1);
      }
      skipWhitespace();
      byte next = peek();
      pos++;
      if (next == '}') {
        return;
      }
      if (next != ',') {
        throw malformedAt(pos - 1, "expected ',' or '}'");
      }
    }
  }

  private void value(int depth) throws JsonShapeException {
    if (depth > MAX_DEPTH) {
      throw malformed("nesting deeper than " + MAX_DEPTH + " levels");
    }
    switch (peek()) {
      case '{':
        container('}', depth, true);
        break;
      case '[':
        container(']', depth, false);
        break;
      case '"':
        Arrays.fill(string(), (byte) 0);
        break;
      case 't':
        literal("true");
        break;
      case 'f':
        literal("false");
        break;
      case 'n':
        literal("null");
        break;
      default:
        number();
    }
  }

  private void container(char close, int depth, boolean object) throws JsonShapeException {
    pos++;
    skipWhitespace();
    if (peek() == close) {
      pos++;
      return;
    }
    while (true) {
      skipWhitespace();
      if (object) {
        if (peek() != '"') {
          throw malformed("expected a field name");
        }
        Arrays.fill(string(), (byte) 0);
        skipWhitespace();
        expect(':');
        skipWhitespace();
      }
      value(depth + 1);
      skipWhitespace();
      byte next = peek();
      pos++;
      if (next == close) {
        return;
      }
      if (next != ',') {
        throw malformedAt(pos - 1, "expected ',' or '" + close + "'");
      }
    }
  }

  /** Decodes a JSON string at {@code pos} into UTF-8 bytes. */
  private byte[] string() throws JsonShapeException {
    pos++; // opening quote
    byte[] out = new byte[16];
    int n = 0;
    while (true) {
      if (pos >= in.length) {
        Arrays.fill(out, (byte) 0);
        throw malformed("unterminated string");
      }
      byte b = in[pos];
      if (b == '"') {
        pos++;
        byte[] result = Arrays.copyOf(out, n);
        Arrays.fill(out, (byte) 0);
        return result;
      }
      int codePoint;
      if (b == '\\') {
        codePoint = escape();
        if (codePoint < 0) {
          Arrays.fill(out, (byte) 0);
          throw malformed("invalid escape sequence");
        }
      } else if ((b & 0xff) < 0x20) {
        Arrays.fill(out, (byte) 0);
        throw malformed("control character in a string");
      } else {
        if (out.length - n < 1) {
          out = grow(out);
        }
        out[n++] = b;
        pos++;
        continue;
      }
      if (out.length - n < 4) {
        out = grow(out);
      }
      n = appendUtf8(out, n, codePoint);
    }
  }

  /** Reads an escape at {@code pos}; returns the code point, or -1 if it is invalid. */
  private int escape() {
    if (pos + 1 >= in.length) {
      return -1;
    }
    byte e = in[pos + 1];
    pos += 2;
    switch (e) {
      case '"': return '"';
      case '\\': return '\\';
      case '/': return '/';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'u':
        int high = hex4();
        if (high < 0) {
          return -1;
        }
        if (Character.isHighSurrogate((char) high)) {
          if (pos + 1 < in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
            pos += 2;
            int low = hex4();
            if (low >= 0 && Character.isLowSurrogate((char) low)) {
              return Character.toCodePoint((char) high, (char) low);
            }
          }
          return -1;
        }
        return Character.isLowSurrogate((char) high) ? -1 : high;
      default:
        return -1;
    }
  }

  private int hex4() {
    if (pos + 4 > in.length) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(in[pos + i], 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    pos += 4;
    return value;
  }

  private void literal(String word) throws JsonShapeException {
    for (int i = 0; i < word.length(); i++) {
      if (pos >= in.length || in[pos] != word.charAt(i)) {
        throw malformed("invalid literal");
      }
      pos++;
    }
  }

  private void number() throws JsonShapeException {
    int start = pos;
    if (peekOrZero() == '-') {
      pos++;
    }
    if (peekOrZero() == '0') {
      pos++;
    } else if (digits() == 0) {
      throw malformedAt(start, "expected a value");
    }
    if (peekOrZero() == '.') {
      pos++;
      if (digits() == 0) {
        throw malformed("expected digits after the decimal point");
      }
    }
    if (peekOrZero() == 'e' || peekOrZero() == 'E') {
      pos++;
      if (peekOrZero() == '+' || peekOrZero() == '-') {
        pos++;
      }
      if (digits() == 0) {
        throw malformed("expected digits in the exponent");
      }
    }
  }

  private int digits() {
    int count = 0;
    while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
      pos++;
      count++;
    }
    return count;
  }

  private void expect(char c) throws JsonShapeException {
    if (peek() != c) {
      throw malformed("expected '" + c + "'");
    }
    pos++;
  }

  private byte peek() throws JsonShapeException {
    if (pos >= in.length) {
      throw malformed("unexpected end of the payload");
    }
    return in[pos];
  }

  private byte peekOrZero() {
    return pos < in.length ? in[pos] : 0;
  }

  private void skipWhitespace() {
    while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
      pos++;
    }
  }

  private String kindAt(int at) {
    if (at >= in.length) {
      return "nothing";
    }
    switch (in[at]) {
      case '{': return "object";
      case '[': return "array";
      case '"': return "string";
      case 't':
      case 'f': return "boolean";
      case 'n': return "null";
      default: return (in[at] == '-' || (in[at] >= '0' && in[at] <= '9')) ? "number" : "";
    }
  }

  private JsonShapeException malformed(String what) {
    return malformedAt(pos, what);
  }

  private static JsonShapeException malformedAt(int at, String what) {
    return new JsonShapeException("the payload is not valid JSON: " + what + " at byte " + at);
  }

  private void wipeFound() {
    if (found != null) {
      Arrays.fill(found, (byte) 0);
      found = null;
    }
  }

  private static void requireUtf8(byte[] json) throws JsonShapeException {
    try {
      CharBuffer decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(json));
      Arrays.fill(decoded.array(), '\0');
    } catch (CharacterCodingException e) {
      throw new JsonShapeException("the payload is not valid UTF-8, so it cannot be JSON");
    }
  }

  private static byte[] grow(byte[] buffer) {
    byte[] bigger = Arrays.copyOf(buffer, buffer.length * 2 + 4);
    Arrays.fill(buffer, (byte) 0);
    return bigger;
  }

  private static int appendUtf8(byte[] out, int n, int cp) {
    if (cp < 0x80) {
      out[n++] = (byte) cp;
    } else if (cp < 0x800) {
      out[n++] = (byte) (0xC0 | (cp >> 6));
      out[n++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out[n++] = (byte) (0xE0 | (cp >> 12));
      out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      out[n++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      out[n++] = (byte) (0xF0 | (cp >> 18));
      out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      out[n++] = (byte) (0x80 | (cp & 0x3F));
    }
    return n;
  }

  /** A shape problem in a JSON payload; its message never quotes the payload. */
  public static final class JsonShapeException extends Exception {
    private static final long serialVersionUID = 1L;

    JsonShapeException(String message) {
      super(message, null, false, false);
    }
  }
}

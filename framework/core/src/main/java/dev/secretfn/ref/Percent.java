package dev.secretfn.ref;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding for the name and field parts of references. Only the characters that would change the
 * meaning of a reference are encoded: '%', '?', '#', control characters, and a whitespace character at the end
 * of the part, which the parser would otherwise reject as a stray trailing space or newline (as UTF-8 bytes).
 */
final class Percent {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Percent() {}

  static String encode(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean escape =
          c == '%' || c == '?' || c == '#' || c < 0x20 || c == 0x7f
              || (i == s.length() - 1 && Character.isWhitespace(c));
      if (escape && out == null) {
        out = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (escape) {
        for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }

  /** Decodes %XX sequences; the result must be valid UTF-8. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? hexDigit(s.charAt(i + 1)) : -1;
        int lo = hi >= 0 ? hexDigit(s.charAt(i + 2)) : -1;
        if (lo < 0) {
          throw new IllegalArgumentException("'%' must be followed by two hexadecimal digits");
        }
        bytes.write(hi * 16 + lo);
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        if (Character.getType(cp) == Character.SURROGATE) {
          // getBytes would silently turn an unpaired surrogate into '?'
          throw new IllegalArgumentException("the name or field is not well-formed Unicode (unpaired surrogate)");
        }
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += Character.charCount(cp);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent-escapes must decode to valid UTF-8");
    }
  }

  /** The value of an ASCII hex digit, or -1; {@link Character#digit} would accept other scripts' digits. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}

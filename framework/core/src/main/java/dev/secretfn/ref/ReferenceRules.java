package dev.secretfn.ref;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The strictness rules every reference syntax shares, as checks that return their input or throw {@link
 * InvalidReferenceException} with a message that states the rule and never quotes the input. Store syntaxes
 * call these (directly or through {@link ReferenceParts}) so that all stores stay equally strict: names are
 * well-formed UTF-8 without control characters, numbers are positive decimals without sign or leading zeros,
 * ciphertexts are canonical padded standard base64, field names are 1 to 256 characters.
 */
public final class ReferenceRules {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final Pattern POSITIVE_DECIMAL = Pattern.compile("[1-9][0-9]{0,18}");
  private static final Pattern CANONICAL_BASE64 =
      Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

  /** Largest ciphertext accepted in a reference, in base64 characters (an environment holds 32 KiB at most). */
  public static final int MAX_CIPHERTEXT_BASE64 = 64 * 1024;

  private ReferenceRules() {}

  /**
   * Requires {@code value} to match {@code pattern} entirely.
   *
   * @param rule the message if it does not: what the value must be, never the value
   */
  public static String matching(String value, Pattern pattern, String rule) {
    if (!pattern.matcher(value).matches()) {
      throw new InvalidReferenceException(rule);
    }
    return value;
  }

  /** Object names (Cloud Storage) and keys (S3), and other names: 1 to 1024 bytes of UTF-8 without control characters. */
  public static String objectName(String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > 1024) {
      throw new InvalidReferenceException("the object name must be 1 to 1024 bytes of UTF-8");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new InvalidReferenceException("the object name cannot be '.' or '..'");
    }
    noControlCharacters(name, "the object name");
    requireWellFormed(name, "the object name");
    return name;
  }

  /** A JSON field name: 1 to 256 characters of well-formed Unicode without control characters. */
  public static String field(String field) {
    if (field.isEmpty() || field.length() > 256) {
      throw new InvalidReferenceException("the JSON field name must be 1 to 256 characters");
    }
    noControlCharacters(field, "the JSON field name");
    requireWellFormed(field, "the JSON field name");
    return field;
  }

  /** Rejects C0 control characters and DEL. */
  public static String noControlCharacters(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new InvalidReferenceException(what + " contains a control character");
      }
    }
    return s;
  }

  /** Rejects unpaired surrogates, which have no UTF-8 encoding. */
  public static String requireWellFormed(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidReferenceException(what + " is not well-formed Unicode");
      }
    }
    return s;
  }

  /** A positive decimal number without sign or leading zeros that fits a {@code long}; {@code what} names it. */
  public static long positive(String digits, String what) {
    if (digits.length() > 19 && digits.chars().allMatch(c -> c >= '0' && c <= '9') && digits.charAt(0) != '0') {
      throw new InvalidReferenceException("the " + what + " is larger than a 64-bit number");
    }
    if (!POSITIVE_DECIMAL.matcher(digits).matches()) {
      throw new InvalidReferenceException(
          "the " + what + " must be a positive decimal number without sign or leading zeros");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new InvalidReferenceException("the " + what + " is larger than a 64-bit number");
    }
  }

  /** Requires a positive number (a generation or version). */
  public static long positive(long number, String what) {
    if (number <= 0) {
      throw new InvalidReferenceException("a " + what + " must be a positive number");
    }
    return number;
  }

  /** Requires canonical standard base64 (RFC 4648 section 4, padded) and returns it unchanged. */
  public static String ciphertext(String base64) {
    if (base64.isEmpty()) {
      throw new InvalidReferenceException("the ciphertext is empty");
    }
    if (base64.length() > MAX_CIPHERTEXT_BASE64) {
      throw new InvalidReferenceException(
          "the ciphertext is longer than " + MAX_CIPHERTEXT_BASE64 + " base64 characters");
    }
    if (base64.indexOf('\n') >= 0 || base64.indexOf('\r') >= 0) {
      throw new InvalidReferenceException(
          "the ciphertext contains a line break: encode it with 'base64 -w0' (GNU) or 'base64 -b 0' (macOS)");
    }
    if (base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0) {
      throw new InvalidReferenceException(
          "the ciphertext uses the URL-safe base64 alphabet: use standard base64 ('+' and '/', padded with '=')");
    }
    if (base64.length() % 4 != 0 || !CANONICAL_BASE64.matcher(base64).matches()) {
      throw new InvalidReferenceException(
          "the ciphertext is not standard padded base64 (RFC 4648): expected A-Z a-z 0-9 + / and '=' padding"
              + " to a multiple of 4 characters");
    }
    byte[] decoded = Base64.getDecoder().decode(base64);
    if (!Base64.getEncoder().encodeToString(decoded).equals(base64)) {
      throw new InvalidReferenceException("the ciphertext is not canonical base64 (non-zero padding bits)");
    }
    return base64;
  }

  /** A canonical base64 ciphertext as it appears in logs and errors: its length only. */
  public static String abbreviateCiphertext(String base64) {
    return "<ciphertext, " + Base64.getDecoder().decode(base64).length + " bytes>";
  }

  /**
   * Percent-encodes a name or field for a reference's written form. Only the characters that would change
   * the meaning of a reference are encoded: '%', '?', '#', control characters, and a whitespace character
   * at the end of the part, which the parser would otherwise reject as a stray trailing space or newline (as
   * UTF-8 bytes). {@link #percentDecode} reverses it.
   */
  public static String percentEncode(String s) {
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
  public static String percentDecode(String s) {
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
          throw new InvalidReferenceException("'%' must be followed by two hexadecimal digits");
        }
        bytes.write(hi * 16 + lo);
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        if (Character.getType(cp) == Character.SURROGATE) {
          // getBytes would silently turn an unpaired surrogate into '?'
          throw new InvalidReferenceException("the name or field is not well-formed Unicode (unpaired surrogate)");
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
      throw new InvalidReferenceException("percent-escapes must decode to valid UTF-8");
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

package dev.secretfn.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.secretfn.ref.ReferenceException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.function.Executable;

/**
 * Assertions for a store's table of rejected references: the error names the variable and the broken rule,
 * and quotes neither the value nor any distinctive part of it.
 *
 * <pre>{@code
 * ReferenceAssertions.assertRejected("DB_PASS", () -> parser.parse("DB_PASS", value), value, "the bucket name");
 * }</pre>
 */
public final class ReferenceAssertions {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{5,}");

  private ReferenceAssertions() {}

  /**
   * Asserts that {@code parse} throws a {@link ReferenceException} for {@code variable} whose message contains
   * {@code problem} and does not quote {@code value}, and returns it.
   */
  public static ReferenceException assertRejected(
      String variable, Executable parse, String value, String problem) {
    ReferenceException e = assertThrows(ReferenceException.class, parse);
    assertEquals(variable, e.variable());
    assertTrue(e.getMessage().startsWith(variable + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    assertNotQuoted(e.getMessage(), value);
    return e;
  }

  /**
   * Asserts that {@code message} quotes neither {@code value} (when it is long enough to be distinctive) nor any
   * of its {@linkplain #distinctiveTokens distinctive tokens}.
   */
  public static void assertNotQuoted(String message, String value) {
    if (value.length() >= 8) {
      assertFalse(message.contains(value), "the message quotes the value: " + message);
    }
    for (String token : distinctiveTokens(value)) {
      assertFalse(message.contains(token), "the message quotes '" + token + "' from the value: " + message);
    }
  }

  /**
   * Runs of 5 or more ASCII letters and digits that contain both an upper-case letter and a digit. secretfn's
   * message vocabulary has no such run (its identifiers are all letters, like BUCKET, or broken by '-', '_' or
   * spaces, like UTF-8, KMS_CRYPTO_KEY_ID or RFC 4648), and a quoted scheme is lower case, so such a run in a
   * message can only come from the value. Write rejected values with such runs to make the check bite.
   */
  public static List<String> distinctiveTokens(String value) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(value);
    while (m.find()) {
      String run = m.group();
      if (run.chars().anyMatch(Character::isUpperCase) && run.chars().anyMatch(Character::isDigit)) {
        tokens.add(run);
      }
    }
    return tokens;
  }
}

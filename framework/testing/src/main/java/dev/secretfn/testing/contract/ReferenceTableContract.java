package dev.secretfn.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A store's exact reference tables, next to the generated properties of {@link SyntaxContract}: each valid
 * value parses to exactly the expected reference and formats to its canonical form, and each malformed value
 * is rejected naming the variable and the rule, quoting nothing ({@link ReferenceAssertions}).
 *
 * <pre>{@code
 * class AcmeReferencesTest extends ReferenceTableContract {
 *   protected ReferenceParser parser() { return ReferenceParser.of(List.of(new AcmeSyntax())); }
 *   protected Stream<Arguments> validReferences() {
 *     return Stream.of(canonical("acme://payments/db?version=3", new AcmeSecret("payments/db", ...)));
 *   }
 *   protected Stream<Arguments> malformedReferences() {
 *     return Stream.of(bad("acme://Payments7Db", "the secret name must be"));
 *   }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReferenceTableContract {
  /** The parser of the store's syntaxes, as its module binds them. */
  protected abstract ReferenceParser parser();

  /** Rows of {@link #canonical} and {@link #notCanonical}. */
  protected abstract Stream<Arguments> validReferences();

  /** Rows of {@link #bad}. */
  protected abstract Stream<Arguments> malformedReferences();

  /** The variable the values are read from, named in every error. */
  protected String variable() {
    return "DB_PASSWORD";
  }

  /** A valid value already in canonical form, and the reference it parses to. */
  protected static Arguments canonical(String value, SecretReference expected) {
    return Arguments.of(value, expected, true);
  }

  /** A valid value whose canonical form is written differently, and the reference it parses to. */
  protected static Arguments notCanonical(String value, SecretReference expected) {
    return Arguments.of(value, expected, false);
  }

  /** A malformed value and a stable part of the message that rejects it. */
  protected static Arguments bad(String value, String problem) {
    return Arguments.of(value, problem);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validReferences")
  void parse_validReference_returnsExactRecord(String value, SecretReference expected, boolean canonical)
      throws ReferenceException {
    SecretReference parsed = parser().parse(variable(), value);

    assertEquals(expected, parsed);
    assertEquals(expected.scheme(), parsed.scheme());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validReferences")
  void format_parsedReference_isCanonicalAndParsesBackToEqualRecord(
      String value, SecretReference expected, boolean canonical) throws ReferenceException {
    String formatted = parser().parse(variable(), value).format();

    if (canonical) {
      assertEquals(value, formatted);
    } else {
      assertNotEquals(value, formatted);
    }
    assertEquals(expected, parser().parse(variable(), formatted));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedReferences")
  void parse_malformedValue_throwsReferenceExceptionNamingVariableWithoutQuotingValue(String value, String problem) {
    ReferenceAssertions.assertRejected(variable(), () -> parser().parse(variable(), value), value, problem);
  }
}

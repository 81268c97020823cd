package dev.secretfn.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The contract every store's reference syntax keeps, as jqwik properties: the round-trip law ({@code
 * parse(format(r))} equals {@code r}), canonical forms that stay canonical, and hostile input (mutated
 * references, random text, control characters, unpaired surrogates, huge values) that ends in a parsed
 * reference or a {@link ReferenceException} naming the variable, never another exception and never a quote
 * of the value. Extend it once per store:
 *
 * <pre>{@code
 * class AcmeSyntaxContractTest extends SyntaxContract {
 *   protected ReferenceSyntax syntax() { return new AcmeSyntax(); }
 *   protected Arbitrary<? extends SecretReference> references() {
 *     return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40).map(AcmeSecret::of);
 *   }
 * }
 * }</pre>
 *
 * <p>The jqwik engine runs the inherited properties (add {@code net.jqwik:jqwik} to the test class path, as
 * this artifact's dependencies do).
 */
public abstract class SyntaxContract {
  private static final String VARIABLE = "CONTRACT_VAR";
  /** Planted in hostile values; no error message may contain it. */
  private static final String CANARY = "Kq7Zc4nArYpW";
  private static final List<String> HOSTILE = List.of(
      "%", "%2", "%zz", "%00", "%C3%28", "%ED%A0%80", "?", "??", "#", "##", "&", "=", "/", "//", ".", "..", " ",
      "\t", "\n", "\r", "\u0000", "\u007f", "\ud800", "\udc00", "\u00e9", "\u202e", "\ufeff", "://", "+", "-",
      "0", "00", "-1", "99999999999999999999", "a".repeat(300));

  /** The syntax under test, as the store's Dagger module binds it. */
  protected abstract ReferenceSyntax syntax();

  /** Valid references of the syntax, covering every optional part (versions, fields, percent-encoded names). */
  protected abstract Arbitrary<? extends SecretReference> references();

  @Provide
  final Arbitrary<? extends SecretReference> validReferences() {
    return references();
  }

  @Provide
  final Arbitrary<String> mutatedReferences() {
    Arbitrary<String> valid = references().map(SecretReference::format);
    return valid.flatMap(text -> Arbitraries.integers().between(0, text.length()).flatMap(at ->
        Arbitraries.integers().between(0, Math.min(4, text.length() - at)).flatMap(cut ->
            Arbitraries.of(HOSTILE).map(insert ->
                text.substring(0, at) + insert + (at % 3 == 0 ? CANARY : "") + text.substring(at + cut)))));
  }

  @Property(tries = 500)
  void parse_formatOfAnyReference_givesAnEqualReference(@ForAll("validReferences") SecretReference reference)
      throws ReferenceException {
    ReferenceParser parser = parser();

    SecretReference parsed = parser.parse(VARIABLE, reference.format());

    assertEquals(reference, parsed);
    assertEquals(reference.format(), parsed.format(), "the written form is canonical");
    assertEquals(syntax().scheme(), parsed.scheme());
    assertTrue(reference.format().startsWith(syntax().scheme().prefix()), reference.describe());
    assertNotNull(parsed.describe());
    SecretReference whole = reference.withoutField();
    assertTrue(whole.field().isEmpty(), "withoutField() drops the field");
    assertEquals(whole, parser.parse(VARIABLE, whole.format()));
    assertEquals(reference, reference.field().isEmpty() ? whole : parsed, "a reference equals its parse");
  }

  @Property(tries = 1500)
  void parse_mutatedReference_parsesCanonicallyOrFailsWithoutQuoting(
      @ForAll("mutatedReferences") String value) {
    assertParsesCanonicallyOrFailsCleanly(value);
  }

  @Property(tries = 1000)
  void parse_anyTextAfterTheScheme_parsesCanonicallyOrFailsWithoutQuoting(@ForAll String tail) {
    assertParsesCanonicallyOrFailsCleanly(syntax().scheme().prefix() + tail + CANARY);
  }

  @Example
  void parse_hugeValue_failsWithoutQuoting() {
    assertParsesCanonicallyOrFailsCleanly(syntax().scheme().prefix() + CANARY.repeat(25_000) + "/x#" + CANARY);
  }

  private void assertParsesCanonicallyOrFailsCleanly(String value) {
    ReferenceParser parser = parser();
    SecretReference parsed;
    try {
      parsed = parser.parse(VARIABLE, value);
    } catch (ReferenceException e) {
      assertTrue(e.getMessage().startsWith(VARIABLE + ": "), "the error names the variable: " + e.getMessage());
      assertFalse(e.getMessage().contains(CANARY), "the error quotes the value: " + e.getMessage());
      assertFalse(e.getMessage().contains("this is a bug in that syntax"),
          "the syntax threw something other than InvalidReferenceException: " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail("parse threw " + e.getClass().getName() + " instead of ReferenceException", e);
      return;
    }
    try {
      assertEquals(parsed, parser.parse(VARIABLE, parsed.format()), "an accepted value's canonical form parses back");
    } catch (ReferenceException e) {
      fail("the canonical form of an accepted value does not parse: " + e.getMessage());
    }
  }

  private ReferenceParser parser() {
    return ReferenceParser.of(List.of(syntax()));
  }
}

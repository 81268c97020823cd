package dev.secretfn.testing.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.secretfn.Environment;
import dev.secretfn.ref.BareCiphertextSyntax;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

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
 * <p>A {@link BareCiphertextSyntax} also meets the bare-ciphertext properties: any value read as a bare
 * ciphertext ends cleanly, damaged base64 (stray or replaced characters, URL-safe alphabet, no padding, line
 * breaks, non-zero padding bits, truncation) is accepted only when it is the one canonical spelling of its
 * bytes, in the bare and in the written form, and the length limit of 65,536 characters holds exactly. Override
 * {@link #bareEnvironment()} when bare ciphertexts need a setting (such as a key name).
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

  /** The environment bare ciphertexts are read with, for a {@link BareCiphertextSyntax}; empty by default. */
  protected Environment bareEnvironment() {
    return Environment.of(Map.of());
  }

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

  @Property(tries = 4000)
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

  /**
   * Each value carries a random token of 12 to 20 letters and digits with an upper-case letter and a digit,
   * spliced into a valid reference or replacing part of it. No rule's message contains such a run, so finding
   * it in a message means the message quoted the value.
   */
  @Property(tries = 3000)
  void parse_referenceWithASplicedToken_failsWithoutQuotingIt(@ForAll("tokenValues") Tuple2<String, String> input) {
    try {
      parser().parse(VARIABLE, input.get2());
    } catch (ReferenceException e) {
      assertFalse(e.getMessage().contains(input.get1()), "the error quotes the value: " + e.getMessage());
      assertTrue(e.getMessage().startsWith(VARIABLE + ": "), e.getMessage());
    }
  }

  @Property(tries = 5000)
  void parse_anyString_parsesCanonicallyOrFailsWithoutQuoting(@ForAll("anyValues") String value) {
    assertParsesCanonicallyOrFailsCleanly(value + CANARY);
  }

  /** Runs of up to 300,000 structural or encoded characters spliced into a valid reference. */
  @Property(tries = 400)
  void parse_hugeSplicedRun_answersInBoundedTimeWithABoundedMessage(
      @ForAll("validReferences") SecretReference reference, @ForAll("runs") String run,
      @ForAll("positions") int position) {
    String text = reference.format();
    int at = position % (text.length() + 1);
    String value = text.substring(0, at) + CANARY + run + text.substring(at);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      try {
        parser().parse(VARIABLE, value);
      } catch (ReferenceException e) {
        assertTrue(e.getMessage().length() < 1000, "a message of " + e.getMessage().length() + " characters");
        assertFalse(e.getMessage().contains(CANARY), "the error quotes the value");
      }
    });
  }

  @Property(tries = 5000)
  void parseCiphertext_anyValue_parsesCanonicallyOrFailsWithoutQuoting(@ForAll("anyValues") String value) {
    if (!(syntax() instanceof BareCiphertextSyntax)) {
      return;
    }
    String planted = value + CANARY;
    SecretReference parsed;
    try {
      parsed = parser().parseCiphertext(VARIABLE, planted, bare().kms(), bareEnvironment());
    } catch (ReferenceException e) {
      assertCleanError(e);
      return;
    } catch (RuntimeException e) {
      fail("parseCiphertext threw " + e.getClass().getName() + " instead of ReferenceException", e);
      return;
    }
    assertReparses(parsed);
  }

  /**
   * Damaged base64, as a bare value and inside the written form: accepted exactly when it is the canonical
   * spelling of its bytes (and within the limit), and then read as those bytes.
   */
  @Property(tries = 5000)
  void parseCiphertext_damagedBase64_isAcceptedOnlyInItsCanonicalSpelling(
      @ForAll("damagedBase64") Tuple2<String, String> canonicalAndDamaged) throws ReferenceException {
    if (!(syntax() instanceof BareCiphertextSyntax)) {
      return;
    }
    String canonical = canonicalAndDamaged.get1();
    String damaged = canonicalAndDamaged.get2();
    boolean shouldAccept = isCanonicalBase64(damaged);
    SecretReference reference = parser().parseCiphertext(VARIABLE, canonical, bare().kms(), bareEnvironment());
    String written = reference.format().replace(canonical, damaged);
    for (String value : List.of(damaged, written)) {
      try {
        SecretReference parsed = parser().parseCiphertext(VARIABLE, value, bare().kms(), bareEnvironment());
        assertTrue(shouldAccept, "accepted a non-canonical ciphertext");
        assertTrue(parsed.format().contains(damaged), "the accepted ciphertext is read as written");
      } catch (ReferenceException e) {
        assertFalse(shouldAccept && !damaged.isEmpty(), "rejected canonical base64: " + e.getMessage());
        assertCleanError(e);
      }
    }
  }

  @Property(tries = 300)
  void parseCiphertext_aroundTheLengthLimit_acceptsUpTo65536Characters(@ForAll("longCiphertexts") String base64) {
    if (!(syntax() instanceof BareCiphertextSyntax)) {
      return;
    }
    try {
      parser().parseCiphertext(VARIABLE, base64, bare().kms(), bareEnvironment());
      assertTrue(base64.length() <= 65_536, "accepted " + base64.length() + " characters");
    } catch (ReferenceException e) {
      assertTrue(base64.length() > 65_536, "rejected " + base64.length() + " characters: " + e.getMessage());
      assertTrue(e.getMessage().length() < 500, "a message of " + e.getMessage().length() + " characters");
    }
  }

  @Provide
  final Arbitrary<Tuple2<String, String>> tokenValues() {
    Arbitrary<String> token = Combinators.combine(
            Arbitraries.strings().withChars("ABCDEFGHJKLMNPQRSTUVWXYZ").ofLength(1),
            Arbitraries.strings().withChars("23456789").ofLength(1),
            Arbitraries.strings().withChars("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                .ofMinLength(10).ofMaxLength(18))
        .as((upper, digit, rest) -> upper + rest + digit);
    Arbitrary<String> valid = references().map(SecretReference::format);
    return Combinators.combine(valid, token, Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(0, 40), Arbitraries.of(HOSTILE))
        .as((text, t, at, cut, hostile) -> {
          int from = at % (text.length() + 1);
          int to = Math.min(text.length(), from + cut);
          return Tuple.of(t, text.substring(0, from) + (cut % 2 == 0 ? hostile : "") + t + text.substring(to));
        });
  }

  @Provide
  final Arbitrary<String> anyValues() {
    String prefix = syntax().scheme().prefix();
    Arbitrary<String> any = Arbitraries.strings().ofMaxLength(80);
    Arbitrary<String> printable = Arbitraries.strings().ascii().ofMaxLength(80);
    Arbitrary<String> base64ish = Arbitraries.strings()
        .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_%\n ").ofMaxLength(120);
    return Arbitraries.oneOf(List.of(any, printable, base64ish,
        any.map(s -> prefix + s), printable.map(s -> prefix + s), base64ish.map(s -> prefix + s)));
  }

  /** One character or escape, repeated: the shapes that stress scanners, regexes and percent-decoding. */
  @Provide
  final Arbitrary<String> runs() {
    Arbitrary<String> unit = Arbitraries.of("A", "/", "?", "#", "%", "%2F", "%C3%A9", "%FF", "=", "+", ".", "..",
        "/..", " ", "\u00e9", "\uD83D\uDD11", "a/", "-", "_", ":", "&x=", "\u0000");
    return Combinators.combine(unit, Arbitraries.integers().between(1, 100_000))
        .as((u, n) -> u.repeat(Math.max(1, Math.min(n, 300_000 / u.length()))));
  }

  @Provide
  final Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 10_000);
  }

  @Provide
  final Arbitrary<Tuple2<String, String>> damagedBase64() {
    Arbitrary<String> canonical = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200)
        .map(bytes -> Base64.getEncoder().encodeToString(bytes));
    return Combinators.combine(canonical, Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 10_000),
            Arbitraries.chars().with("!*~.$ \t\r\n-_=+/A"))
        .as((b64, kind, at, c) -> Tuple.of(b64, damage(b64, kind, at, c)));
  }

  @Provide
  final Arbitrary<String> longCiphertexts() {
    return Arbitraries.integers().between(64_000 / 4, 66_000 / 4)
        .map(quads -> "QUJD".repeat(quads - 1) + "QQ==");
  }

  private static String damage(String b64, int kind, int position, char c) {
    int at = position % b64.length();
    switch (kind) {
      case 0: // a stray character
        return b64.substring(0, at) + c + b64.substring(at);
      case 1: // one character replaced
        return b64.substring(0, at) + c + b64.substring(at + 1);
      case 2: // padding dropped
        return b64.replace("=", "");
      case 3: // the URL-safe alphabet
        return b64.replace('+', '-').replace('/', '_');
      case 4: // MIME line breaks every 76 characters
        return Base64.getMimeEncoder().encodeToString(Base64.getDecoder().decode(b64));
      case 5: // non-zero padding bits: bump the last data character before '='
        int pad = b64.indexOf('=');
        if (pad <= 0) {
          return b64;
        }
        char last = b64.charAt(pad - 1);
        return b64.substring(0, pad - 1) + (last == 'A' ? 'B' : 'A') + b64.substring(pad);
      case 6: // truncated
        return b64.substring(0, at);
      case 7: // upper and lower case swapped at one place
        char ch = b64.charAt(at);
        char swapped = Character.isUpperCase(ch) ? Character.toLowerCase(ch) : Character.toUpperCase(ch);
        return b64.substring(0, at) + swapped + b64.substring(at + 1);
      default: // unchanged: canonical, must be accepted
        return b64;
    }
  }

  private static boolean isCanonicalBase64(String s) {
    if (s.isEmpty() || s.length() > 65_536 || s.length() % 4 != 0 || !s.matches("[A-Za-z0-9+/]*={0,2}")) {
      return false;
    }
    try {
      return Base64.getEncoder().encodeToString(Base64.getDecoder().decode(s)).equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private BareCiphertextSyntax bare() {
    return (BareCiphertextSyntax) syntax();
  }

  private static void assertCleanError(ReferenceException e) {
    assertTrue(e.getMessage().startsWith(VARIABLE + ": "), "the error names the variable: " + e.getMessage());
    assertFalse(e.getMessage().contains(CANARY), "the error quotes the value: " + e.getMessage());
    assertFalse(e.getMessage().contains("this is a bug in that syntax"),
        "the syntax threw something other than InvalidReferenceException: " + e.getMessage());
  }

  private void assertReparses(SecretReference parsed) {
    try {
      assertEquals(parsed, parser().parse(VARIABLE, parsed.format()), "an accepted value's canonical form parses back");
    } catch (ReferenceException e) {
      fail("the canonical form of an accepted value does not parse: " + e.getMessage());
    }
  }

  @Example
  void parse_hugeValue_failsWithoutQuoting() {
    assertParsesCanonicallyOrFailsCleanly(syntax().scheme().prefix() + CANARY.repeat(25_000) + "/x#" + CANARY);
  }

  private void assertParsesCanonicallyOrFailsCleanly(String value) {
    SecretReference parsed;
    try {
      parsed = parser().parse(VARIABLE, value);
    } catch (ReferenceException e) {
      assertCleanError(e);
      return;
    } catch (RuntimeException e) {
      fail("parse threw " + e.getClass().getName() + " instead of ReferenceException", e);
      return;
    }
    assertReparses(parsed);
  }

  private ReferenceParser parser() {
    return ReferenceParser.of(List.of(syntax()));
  }
}

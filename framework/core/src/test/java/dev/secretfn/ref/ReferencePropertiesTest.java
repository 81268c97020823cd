package dev.secretfn.ref;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ref.TestSyntaxes.BareSyntax;
import dev.secretfn.ref.TestSyntaxes.Named;
import dev.secretfn.ref.TestSyntaxes.NamedSyntax;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the registry and the shared rules, with the tiny syntaxes of {@link TestSyntaxes}: percent
 * encoding round-trips, formatting round-trips, parsing any string fails only with a {@link ReferenceException},
 * and error messages never quote what they were given. Each store module checks the same for its own grammar.
 */
class ReferencePropertiesTest {
  private static final String VAR = "V";
  private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + LOWER_DIGITS;
  private static final Scheme TEST_KMS = Scheme.of("test-kms");
  private static final ReferenceParser PARSER =
      ReferenceParser.of(List.of(new NamedSyntax(), new BareSyntax(Kms.GCP, TEST_KMS)));
  private static final Environment ENV = Environment.of(Map.of());

  // ---------------------------------------------------------------------------------------------------------
  // (a) Round trip
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 4000)
  void percentDecode_percentEncodedName_returnsTheName(@ForAll("names") String name) {
    String encoded = ReferenceRules.percentEncode(name);

    assertThat(ReferenceRules.percentDecode(encoded)).isEqualTo(name);
    assertThat(encoded).doesNotContain("?", "#").matches("(?s).*[^\\s]|");
  }

  @Property(tries = 4000)
  void parse_formattedReference_returnsEqualReference(@ForAll("references") SecretReference reference)
      throws ReferenceException {
    String formatted = reference.format();

    assertThat(PARSER.parse(VAR, formatted)).isEqualTo(reference);
    assertThat(PARSER.parseCiphertext(VAR, formatted, Kms.GCP, ENV)).isEqualTo(reference);
  }

  @Property(tries = 1000)
  void parseCiphertext_bareCiphertext_returnsReferenceCarryingIt(@ForAll("ciphertexts") String ciphertext)
      throws ReferenceException {
    assertThat(PARSER.parseCiphertext(VAR, ciphertext, Kms.GCP, ENV))
        .isEqualTo(new Named(TEST_KMS, ciphertext, Optional.empty()));
  }

  // ---------------------------------------------------------------------------------------------------------
  // (b) Any string: a reference or a ReferenceException, nothing else
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 5000)
  void parse_arbitraryString_returnsStableReferenceOrThrowsReferenceException(
      @ForAll("arbitraryValues") String value) {
    SecretReference parsed;
    try {
      parsed = PARSER.parse(VAR, value);
    } catch (ReferenceException e) {
      assertWellFormedError(e, value);
      return;
    }
    assertReparses(parsed);
  }

  @Property(tries = 5000)
  void parseCiphertext_arbitraryString_returnsStableReferenceOrThrowsReferenceException(
      @ForAll("arbitraryCiphertextValues") String value, @ForAll Kms kms) {
    SecretReference parsed;
    try {
      parsed = PARSER.parseCiphertext(VAR, value, kms, ENV);
    } catch (ReferenceException e) {
      assertWellFormedError(e, value);
      return;
    }
    assertReparses(parsed);
  }

  // ---------------------------------------------------------------------------------------------------------
  // (c) Errors never quote the input
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Each input carries a random token of 12 to 20 letters and digits with at least one upper-case letter and
   * one digit. No fixed message text contains such a run, and the only part of a value a message quotes (an
   * unknown scheme) is lower case, so finding the token in a message means the message quoted the input.
   */
  @Property(tries = 3000)
  void parse_invalidValueWithToken_errorDoesNotContainIt(@ForAll("tokenValues") Tuple.Tuple2<String, String> input) {
    String token = input.get1();
    String value = input.get2();
    try {
      PARSER.parse(VAR, value);
    } catch (ReferenceException e) {
      assertThat(e.getMessage()).startsWith(VAR + ": ").doesNotContain(token).doesNotContain(value);
    }
  }

  @Property(tries = 2000)
  void parseCiphertext_invalidValueWithToken_errorDoesNotContainIt(
      @ForAll("tokenValues") Tuple.Tuple2<String, String> input, @ForAll Kms kms) {
    String token = input.get1();
    String value = input.get2();
    try {
      PARSER.parseCiphertext(VAR, value, kms, ENV);
    } catch (ReferenceException e) {
      assertThat(e.getMessage()).startsWith(VAR + ": ").doesNotContain(token).doesNotContain(value);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Assertions
  // ---------------------------------------------------------------------------------------------------------

  private static void assertWellFormedError(ReferenceException e, String value) {
    assertThat(e.variable()).isEqualTo(VAR);
    assertThat(e.getMessage()).startsWith(VAR + ": ");
    for (String token : ReferenceParserTest.distinctiveTokens(value)) {
      assertThat(e.getMessage()).doesNotContain(token);
    }
  }

  /** Whatever parses has a canonical form that parses back to it. */
  private static void assertReparses(SecretReference parsed) {
    assertThat(parsed).isNotNull();
    try {
      assertThat(PARSER.parse(VAR, parsed.format())).isEqualTo(parsed);
    } catch (ReferenceException e) {
      throw new AssertionError("canonical form of an accepted value does not parse: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Valid parts
  // ---------------------------------------------------------------------------------------------------------

  @Provide
  Arbitrary<SecretReference> references() {
    Arbitrary<SecretReference> named = Combinators.combine(names(), names().optional(0.5))
        .as((name, field) -> new Named(TestSyntaxes.TEST, name, field.filter(f -> f.length() <= 256)));
    Arbitrary<SecretReference> bare = ciphertexts().map(c -> new Named(TEST_KMS, c, Optional.empty()));
    return Arbitraries.oneOf(List.of(named, bare));
  }

  /**
   * Code points for names and fields: plenty of the characters that are escaped or structural ('?', '#', '%',
   * '&', '/', space), whitespace that Java trims or treats specially, and every UTF-8 length.
   */
  private static Arbitrary<Integer> nameCodePoints() {
    return Arbitraries.frequencyOf(
        List.of(
            Tuple.of(40, Arbitraries.integers().between(0x20, 0x7e)),
            Tuple.of(15, Arbitraries.of((int) '?', (int) '#', (int) '%', (int) ' ', (int) '/', (int) '&', (int) '=')),
            Tuple.of(8, Arbitraries.integers().between(0x80, 0x7ff)),
            Tuple.of(8, Arbitraries.integers().between(0x800, 0xd7ff)),
            Tuple.of(4, Arbitraries.integers().between(0xe000, 0xffff)),
            Tuple.of(8, Arbitraries.integers().between(0x10000, 0x10ffff)),
            Tuple.of(
                5,
                Arbitraries.of(0x85, 0xa0, 0x1680, 0x2000, 0x2007, 0x200b, 0x2028, 0x2029, 0x205f, 0x3000, 0xfeff))));
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder b = new StringBuilder();
    codePoints.forEach(b::appendCodePoint);
    return b.toString();
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<List<Integer>> usual = nameCodePoints().list().ofMinSize(1).ofMaxSize(40);
    Arbitrary<List<Integer>> longNames = nameCodePoints().list().ofMinSize(300).ofMaxSize(600);
    return Arbitraries.frequencyOf(List.of(Tuple.of(19, usual), Tuple.of(1, longNames)))
        .map(ReferencePropertiesTest::fromCodePoints)
        .filter(n -> n.getBytes(StandardCharsets.UTF_8).length <= 1024 && !n.equals(".") && !n.equals(".."));
  }

  @Provide
  Arbitrary<String> ciphertexts() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMinSize(1)
        .ofMaxSize(600)
        .map(bytes -> Base64.getEncoder().encodeToString(bytes));
  }

  private static Arbitrary<String> chars(String alphabet, int min, int max) {
    return Arbitraries.strings().withChars(alphabet).ofMinLength(min).ofMaxLength(max);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Arbitrary and mutated values
  // ---------------------------------------------------------------------------------------------------------

  /** One edit of a string; positions are taken modulo the current length. */
  record Mutation(int kind, int position, String text) {
    String applyTo(String s) {
      StringBuilder b = new StringBuilder(s);
      int length = b.length();
      switch (kind) {
        case 0: // truncate
          b.setLength(position % (length + 1));
          break;
        case 1: // insert
          b.insert(position % (length + 1), text);
          break;
        case 2: // delete one char (may split a surrogate pair)
          if (length > 0) {
            b.deleteCharAt(position % length);
          }
          break;
        case 3: // replace one char
          if (length > 0) {
            int p = position % length;
            b.replace(p, p + 1, text);
          }
          break;
        default: // duplicate a short slice
          if (length > 0) {
            int p = position % length;
            b.insert(p, b.substring(p, Math.min(length, p + 1 + position % 8)));
          }
          break;
      }
      return b.toString();
    }
  }

  private static Arbitrary<String> insertions() {
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.of(
                "://", ":", "/", "//", "?", "#", "%", "%2", "%25", "%C3", "%FF", "%0A", "&", "=", "==", "+", "-", "_",
                ".", "..", " ", "\n", "\r\n", "\t", "\u0000", "\u3000", "\uD800", "\uDC00", "0", "00", "-1", "+1",
                "٣", "99999999999999999999", "?x=", "?x=1", "test://", "test-kms://", "gs://", "s3://", "A", "z",
                "Z9"),
            Arbitraries.strings().all().ofMinLength(1).ofMaxLength(3)));
  }

  /** Positions without jqwik's edge cases, which would otherwise truncate or insert at position 0 most of the time. */
  private static Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE).withoutEdgeCases();
  }

  private static Arbitrary<List<Mutation>> mutations() {
    return Combinators.combine(Arbitraries.integers().between(0, 4).withoutEdgeCases(), positions(), insertions())
        .as(Mutation::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  private static String mutate(String s, List<Mutation> mutations) {
    String result = s;
    for (Mutation m : mutations) {
      result = m.applyTo(result);
    }
    return result;
  }

  private Arbitrary<String> mutatedReferences() {
    return Combinators.combine(references().map(SecretReference::format), mutations())
        .as(ReferencePropertiesTest::mutate);
  }

  /** Strings over the grammar's own alphabet after a scheme, so that parsing gets past the scheme. */
  private static Arbitrary<String> grammarNoise() {
    return Combinators.combine(
            Arbitraries.of("test://", "test-kms://", "gs://", "vault://", "test:", "x://", ""),
            chars("abgsk0179AZ/.-_:?#%=&+ \n", 0, 40))
        .as(String::concat);
  }

  @Provide
  Arbitrary<String> arbitraryValues() {
    return Arbitraries.frequencyOf(
        List.of(
            Tuple.of(3, Arbitraries.strings().all().ofMaxLength(60)),
            Tuple.of(2, Arbitraries.strings().ofMaxLength(60)),
            Tuple.of(3, grammarNoise()),
            Tuple.of(8, mutatedReferences())));
  }

  @Provide
  Arbitrary<String> arbitraryCiphertextValues() {
    return Arbitraries.frequencyOf(
        List.of(
            Tuple.of(1, arbitraryValues()),
            Tuple.of(1, Combinators.combine(ciphertexts(), mutations()).as(ReferencePropertiesTest::mutate))));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Values carrying a distinctive token
  // ---------------------------------------------------------------------------------------------------------

  private static Arbitrary<String> tokens() {
    return Combinators.combine(
            chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 1), chars(ALNUM, 10, 18), chars("0123456789", 1, 1))
        .as((upper, middle, digit) -> upper + middle + digit);
  }

  /** Templates with the token's place marked by '@'; most are invalid in the spot where the token sits. */
  private static final List<String> TEMPLATES =
      List.of(
          "@", "@\n", " @", "@ @", "@:@", "@://x", "x:@", "test:@", "test:/@", "postgres://app:@@db/x", "https://@",
          "gs://@/o", "s3://@/k", "vault://@", "test://@%", "test://@%ZZ", "test://%FF@", "test://@%00",
          "test://@?x=1", "test://o?@", "test://o#@%", "test://o#@\u0001", "test://@#", "test://..#@",
          "test-kms://@-", "test-kms://@\nQQ==", "test-kms://QQ==#@", "test-kms://@", "@==", "@=", "@_", "@\n@",
          "@ ");

  @Provide
  Arbitrary<Tuple.Tuple2<String, String>> tokenValues() {
    Arbitrary<Tuple.Tuple2<String, String>> templated =
        Combinators.combine(tokens(), Arbitraries.of(TEMPLATES))
            .as((t, template) -> Tuple.of(t, template.replace("@", t)));
    Arbitrary<Tuple.Tuple2<String, String>> inserted =
        Combinators.combine(
                tokens(), references().map(SecretReference::format), positions())
            .as((t, ref, at) -> Tuple.of(t, new Mutation(1, at, t).applyTo(ref)));
    Arbitrary<Tuple.Tuple2<String, String>> insertedAndMutated =
        Combinators.combine(tokens(), mutatedReferences(), positions())
            .as((t, value, at) -> Tuple.of(t, new Mutation(1, at, t).applyTo(value)));
    return Arbitraries.oneOf(List.of(templated, inserted, insertedAndMutated));
  }
}

package dev.secretfn.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.gcp.kms.GcpKmsCiphertext;
import dev.secretfn.gcp.storage.BerglasObject;
import dev.secretfn.gcp.storage.GcsObject;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.SecretReference;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the gcp-kms://, gs:// and berglas:// grammar, through this module's syntaxes: formatting round-trips, parsing any string fails only with a
 * {@link ReferenceException}, and error messages never quote what they were given.
 */
class GcpReferencePropertiesTest {
  private static final String VAR = "V";
  private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + LOWER_DIGITS;

  // ---------------------------------------------------------------------------------------------------------
  // (a) Round trip
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 4000)
  void parse_formattedReference_returnsEqualReference(@ForAll("references") SecretReference reference)
      throws ReferenceException {
    String formatted = reference.format();

    assertThat(GcpReferencesTest.PARSER.parse(VAR, formatted)).isEqualTo(reference);
    assertThat(GcpReferencesTest.PARSER.parseCiphertext(VAR, formatted, Kms.GCP, Environment.of(Map.of()))).isEqualTo(reference);
  }

  @Property(tries = 1000)
  void parseCiphertext_bareCiphertext_returnsReferenceCarryingIt(
      @ForAll("ciphertexts") String ciphertext, @ForAll("cryptoKeys") String cryptoKey) throws ReferenceException {
    assertThat(GcpReferencesTest.PARSER.parseCiphertext(
            VAR, ciphertext, Kms.GCP, GcpReferencesTest.environment(cryptoKey)))
        .isEqualTo(new GcpKmsCiphertext(cryptoKey, ciphertext));
  }

  // ---------------------------------------------------------------------------------------------------------
  // (b) Any string: a reference or a ReferenceException, nothing else
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 5000)
  void parse_arbitraryString_returnsStableReferenceOrThrowsReferenceException(
      @ForAll("arbitraryValues") String value) {
    SecretReference parsed;
    try {
      parsed = GcpReferencesTest.PARSER.parse(VAR, value);
    } catch (ReferenceException e) {
      assertWellFormedError(e, value);
      return;
    }
    assertReparses(parsed);
  }

  @Property(tries = 5000)
  void parseCiphertext_arbitraryString_returnsStableReferenceOrThrowsReferenceException(
      @ForAll("arbitraryCiphertextValues") String value, @ForAll("maybeCryptoKeys") Optional<String> cryptoKey) {
    SecretReference parsed;
    try {
      parsed = GcpReferencesTest.PARSER.parseCiphertext(VAR, value, Kms.GCP, GcpReferencesTest.environment(cryptoKey.orElse(null)));
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
      GcpReferencesTest.PARSER.parse(VAR, value);
    } catch (ReferenceException e) {
      assertThat(e.getMessage()).startsWith(VAR + ": ").doesNotContain(token).doesNotContain(value);
    }
  }

  @Property(tries = 2000)
  void parseCiphertext_invalidValueWithToken_errorDoesNotContainIt(
      @ForAll("tokenValues") Tuple.Tuple2<String, String> input, @ForAll boolean keySet) {
    String token = input.get1();
    String value = input.get2();
    String cryptoKey = keySet ? "projects/" + token + "/x" : null;
    try {
      GcpReferencesTest.PARSER.parseCiphertext(VAR, value, Kms.GCP, GcpReferencesTest.environment(cryptoKey));
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
    for (String token : GcpReferencesTest.distinctiveTokens(value)) {
      assertThat(e.getMessage()).doesNotContain(token);
    }
  }

  /** Whatever parses has a canonical form that parses back to it. */
  private static void assertReparses(SecretReference parsed) {
    assertThat(parsed).isNotNull();
    try {
      assertThat(GcpReferencesTest.PARSER.parse(VAR, parsed.format())).isEqualTo(parsed);
    } catch (ReferenceException e) {
      throw new AssertionError("canonical form of an accepted value does not parse: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Valid parts
  // ---------------------------------------------------------------------------------------------------------

  @Provide
  Arbitrary<SecretReference> references() {
    return Arbitraries.oneOf(List.of(gcpKms(), gcs(), berglas()));
  }

  private Arbitrary<SecretReference> gcpKms() {
    return Combinators.combine(cryptoKeys(), ciphertexts()).as(GcpKmsCiphertext::new);
  }


  private Arbitrary<SecretReference> gcs() {
    return Combinators.combine(gcsBuckets(), objectNames(), generations(), fields().optional(0.5))
        .as(GcsObject::new);
  }


  private Arbitrary<SecretReference> berglas() {
    return Combinators.combine(gcsBuckets(), objectNames(), generations()).as(BerglasObject::new);
  }


  private static Arbitrary<String> gcsBuckets() {
    return Combinators.combine(
            chars(LOWER_DIGITS, 1, 1), chars(LOWER_DIGITS + "._-", 1, 220), chars(LOWER_DIGITS, 1, 1))
        .as((first, middle, last) -> first + middle + last)
        .filter(b -> !b.contains(".."));
  }

  private static Arbitrary<String> s3Buckets() {
    return Combinators.combine(
            chars(LOWER_DIGITS, 1, 1), chars(LOWER_DIGITS + ".-", 1, 61), chars(LOWER_DIGITS, 1, 1))
        .as((first, middle, last) -> first + middle + last)
        .filter(b -> !b.contains(".."));
  }

  /**
   * Code points for object names and fields: plenty of the characters that are escaped or structural ('?',
   * '#', '%', '&', '/', space), whitespace that Java trims or treats specially, and every UTF-8 length.
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

  private static Arbitrary<String> objectNames() {
    Arbitrary<List<Integer>> usual = nameCodePoints().list().ofMinSize(1).ofMaxSize(40);
    Arbitrary<List<Integer>> longNames = nameCodePoints().list().ofMinSize(300).ofMaxSize(600);
    return Arbitraries.frequencyOf(List.of(Tuple.of(19, usual), Tuple.of(1, longNames)))
        .map(GcpReferencePropertiesTest::fromCodePoints)
        .filter(n -> n.getBytes(StandardCharsets.UTF_8).length <= 1024 && !n.equals(".") && !n.equals(".."));
  }

  private static Arbitrary<String> fields() {
    return nameCodePoints().list().ofMinSize(1).ofMaxSize(40).map(GcpReferencePropertiesTest::fromCodePoints);
  }

  private static Arbitrary<OptionalLong> generations() {
    return Arbitraries.longs()
        .between(1, Long.MAX_VALUE)
        .optional(0.5)
        .map(g -> g.isPresent() ? OptionalLong.of(g.get()) : OptionalLong.empty());
  }

  private static Arbitrary<String> versionIds() {
    return chars(ALNUM + "._+/=-", 1, 1024);
  }

  private static Arbitrary<String> vaultPaths() {
    return chars(ALNUM + "._@:+-", 1, 30)
        .filter(s -> !s.equals(".") && !s.equals(".."))
        .list()
        .ofMinSize(2)
        .ofMaxSize(5)
        .map(segments -> String.join("/", segments));
  }

  @Provide
  Arbitrary<String> cryptoKeys() {
    Arbitrary<String> project =
        Combinators.combine(
                chars("abcdefghijklmnopqrstuvwxyz", 1, 1),
                chars(LOWER_DIGITS + ".:-", 0, 40),
                chars(LOWER_DIGITS, 1, 1))
            .as((first, middle, last) -> first + middle + last);
    Arbitrary<String> location = chars(LOWER_DIGITS + "-", 1, 63);
    Arbitrary<String> id = chars(ALNUM + "_-", 1, 63);
    return Combinators.combine(project, location, id, id)
        .as((p, l, r, k) -> "projects/" + p + "/locations/" + l + "/keyRings/" + r + "/cryptoKeys/" + k);
  }

  @Provide
  Arbitrary<Optional<String>> maybeCryptoKeys() {
    return Arbitraries.oneOf(List.of(cryptoKeys(), Arbitraries.strings().ofMaxLength(40))).optional(0.8);
  }

  private static Arbitrary<String> awsKeys() {
    Arbitrary<String> uuid =
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(32).map(
            h -> h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20));
    Arbitrary<String> region = Arbitraries.of("us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1");
    Arbitrary<String> account = Arbitraries.strings().numeric().ofLength(12);
    Arbitrary<String> aliasName = chars(ALNUM + "/_-", 1, 64).map(n -> "alias/" + n);
    return Arbitraries.oneOf(
        List.of(
            uuid,
            Combinators.combine(region, account, uuid).as((r, a, u) -> "arn:aws:kms:" + r + ":" + a + ":key/" + u),
            aliasName,
            Combinators.combine(region, account, aliasName).as((r, a, n) -> "arn:aws:kms:" + r + ":" + a + ":" + n),
            // the grammar itself only restricts the alphabet
            chars(ALNUM + ":/_.-", 1, 200)));
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
                "٣", "99999999999999999999", "9223372036854775808", "?generation=", "?generation=1", "?versionId=",
                "?version=", "?ciphertext=", "?destination=", "/cryptoKeyVersions/1", "gs://", "s3://", "vault://",
                "berglas://", "gcp-kms://", "aws-kms://", "A", "z", "Z9"),
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
        .as(GcpReferencePropertiesTest::mutate);
  }

  /** Strings over the grammar's own alphabet after a scheme, so that parsing gets past the scheme. */
  private static Arbitrary<String> grammarNoise() {
    return Combinators.combine(
            Arbitraries.of("gs://", "s3://", "berglas://", "vault://", "gcp-kms://", "aws-kms://", "gs:", "x://", ""),
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
            Tuple.of(1, Combinators.combine(ciphertexts(), mutations()).as(GcpReferencePropertiesTest::mutate))));
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
          "@", "@\n", " @", "@ @", "@:@", "@://x", "x:@", "gs:@", "gs:/@", "postgres://app:@@db/x", "https://@",
          "gs://@/o", "gs://b@/o", "gs://bucket/@%", "gs://bucket/@%ZZ", "gs://bucket/%FF@", "gs://bucket/@%00",
          "gs://bucket/@?generation=0", "gs://bucket/o?generation=@", "gs://bucket/o?generation=1@",
          "gs://bucket/o?@=1", "gs://bucket/o?generation=1&@", "gs://bucket/o#@%", "gs://bucket/o#@\u0001",
          "gs://bucket/@#", "gs://bucket/..#@", "s3://@/k", "s3://b_@/k", "s3://bucket/k?versionId=@%",
          "s3://bucket/k?versionId=@&x", "s3://bucket/k?versionid=@", "berglas://bucket/o#@",
          "berglas://bucket/o?destination=@", "berglas://bucket/@?x", "vault://@", "vault://secret/@/",
          "vault://secret/@ x", "vault://secret/x?version=@", "vault://secret/x#@%G",
          "gcp-kms://projects/@/locations/l/keyRings/r/cryptoKeys/k?ciphertext=QQ==",
          "gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/@/cryptoKeyVersions/1?ciphertext=QQ==",
          "gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k?ciphertext=@-",
          "gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k?ciphertext=@\nQQ==",
          "gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k?ciphertext=QQ==#@",
          "gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k?@",
          "aws-kms://@ x?ciphertext=QQ==", "aws-kms://?ciphertext=@=", "aws-kms://?ciphertext=@_",
          "aws-kms://@", "@==", "@=", "@_", "@\n@", "@ ");

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

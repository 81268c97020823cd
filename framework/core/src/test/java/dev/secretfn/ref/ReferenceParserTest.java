package dev.secretfn.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ref.TestSyntaxes.BareSyntax;
import dev.secretfn.ref.TestSyntaxes.CarelessSyntax;
import dev.secretfn.ref.TestSyntaxes.ImpostorSyntax;
import dev.secretfn.ref.TestSyntaxes.Named;
import dev.secretfn.ref.TestSyntaxes.NamedSyntax;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry and the shared rules, with the tiny syntaxes of {@link TestSyntaxes}: the outer shape of a value,
 * schemes, dispatch, unbound and duplicate syntaxes, syntaxes that fail carelessly, and bare ciphertexts. Each
 * store module tests its own grammar (GcpReferencesTest, AwsReferencesTest, VaultReferencesTest). Every malformed
 * value is checked three ways: the exception is a {@link ReferenceException}, its message starts with the
 * variable and names the problem, and it quotes neither the value nor any distinctive token of it (see {@link
 * #distinctiveTokens}).
 */
class ReferenceParserTest {
  private static final String VAR = "DB_PASSWORD";
  private static final Scheme TEST_KMS = Scheme.of("test-kms");
  private static final ReferenceParser PARSER =
      ReferenceParser.of(List.of(new NamedSyntax(), new BareSyntax(Kms.GCP, TEST_KMS)));
  private static final Environment ENV = Environment.of(Map.of());

  /** 16 bytes: standard base64 has '+' and "==" padding. */
  private static final String CT = Base64.getEncoder().encodeToString(new byte[] {
    (byte) 0xfb, (byte) 0xef, (byte) 0xbe, 0x0a, 0x24, 0x00, 'Z', 'q', '7', 'S', 'e', 'c', 'r', 'e', 't', 0x42
  });

  // ---------------------------------------------------------------------------------------------------------
  // Valid references
  // ---------------------------------------------------------------------------------------------------------

  /** value, expected reference, whether value is already in canonical form (format() returns it unchanged). */
  static Stream<Arguments> validReferences() {
    return Stream.of(
        canonical("test://db.json", named("db.json", null)),
        canonical("test://db.json#password", named("db.json", "password")),
        canonical("test://app/prod/db.json", named("app/prod/db.json", null)),
        canonical("test://100%25 sure%3F%23.json", named("100% sure?#.json", null)),
        notCanonical("test://100%25%20sure%3f%23.json", named("100% sure?#.json", null)),
        notCanonical("test://s%C3%A9cret%2Fdb", named("sécret/db", null)),
        canonical("test://sécret/日本語/\uD83D\uDD11.json#пароль", named("sécret/日本語/\uD83D\uDD11.json", "пароль")),
        canonical("test://a&b=c://d", named("a&b=c://d", null)),
        canonical("test://obj%20", named("obj ", null)),
        canonical("test://db.json#pw%E3%80%80", named("db.json", "pw\u3000")),
        notCanonical("test://db.json#a?b", named("db.json", "a?b")),
        canonical("test://db.json#user.name/first%23", named("db.json", "user.name/first#")),
        canonical("test-kms://" + CT, new Named(TEST_KMS, CT, Optional.empty())));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validReferences")
  void parse_validReference_returnsExactRecord(String value, SecretReference expected, boolean canonical)
      throws ReferenceException {
    SecretReference parsed = PARSER.parse(VAR, value);

    assertThat(parsed).isEqualTo(expected);
    assertThat(parsed.scheme()).isEqualTo(expected.scheme());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("validReferences")
  void format_parsedReference_isCanonicalAndParsesBackToEqualRecord(
      String value, SecretReference expected, boolean canonical) throws ReferenceException {
    String formatted = PARSER.parse(VAR, value).format();

    if (canonical) {
      assertThat(formatted).isEqualTo(value);
    } else {
      assertThat(formatted).isNotEqualTo(value);
    }
    assertThat(PARSER.parse(VAR, formatted)).isEqualTo(expected);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Malformed references
  // ---------------------------------------------------------------------------------------------------------

  /** value, a stable substring of the expected message. */
  static Stream<Arguments> malformedReferences() {
    return Stream.of(
        // outer shape
        bad("", "is empty"),
        bad(" gs://zq-bkt/Obj7Key", "leading or trailing whitespace"),
        bad("\tgs://zq-bkt/Obj7Key", "leading or trailing whitespace"),
        bad("gs://zq-bkt/Obj7Key\n", "leading or trailing whitespace"),
        bad("gs://zq-bkt/Obj7Key\r\n", "leading or trailing whitespace"),
        bad("gs://zq-bkt/Obj7Key ", "leading or trailing whitespace"),
        bad("gs://zq-bkt/Obj7Key\u3000", "leading or trailing whitespace"),
        bad("Hunter2Pass9\n", "leading or trailing whitespace"),
        bad(" \n\t Zk8qW9 \n", "leading or trailing whitespace"),
        // no scheme: plaintext-looking values
        bad("Hunter2Pass9", "does not hold a reference"),
        bad("correct horse battery Staple9", "does not hold a reference"),
        bad("Zq7SecRtQR8xYw==", "must be declared as encrypted"),
        bad("{\"password\":\"Hunter2Pass9\"}", "does not hold a reference"),
        bad("user:Passw0rdXy", "a scheme must be followed by '://'"),
        // scheme problems
        bad("gs:zq-bkt/Obj7Key", "a scheme must be followed by '://'"),
        bad("gs:/zq-bkt/Obj7Key", "a scheme must be followed by '://'"),
        bad("berglas:zq-bkt/Api7Key", "a scheme must be followed by '://'"),
        bad("://zq-bkt/Obj7Key", "does not start with a valid scheme"),
        bad("GS://zq-bkt/Obj7Key", "does not start with a valid scheme"),
        bad("g_s://zq-bkt/Obj7Key", "does not start with a valid scheme"),
        bad("Hunter2Pass9://x", "does not start with a valid scheme"),
        bad("gcs://zq-bkt/Obj7Key", "unknown scheme"),
        bad("https://zq-bkt/Obj7Key", "unknown scheme"),
        bad("s3a://zq-bkt/Obj7Key", "unknown scheme"),
        bad("azkv://vault7/secrets/Db7Pass", "unknown scheme"),
        // the shared rules, through the test syntax
        bad("test://", "expected a name after the scheme"),
        bad("test://Obj7Key?x=1", "invalid test:// reference: this scheme takes no '?' parameters"),
        bad("test://Obj7%", "'%' must be followed by two hexadecimal digits"),
        bad("test://Obj7%C3Key", "percent-escapes must decode to valid UTF-8"),
        bad("test://Obj7%0AKey", "the object name contains a control character"),
        bad("test://Obj7Key#", "'#' must be followed by a JSON field name"),
        bad("test-kms://" + CT + "#Frag7Xq", "this scheme takes no '#' part"),
        bad("test-kms://Zq7SecRtQR==", "not canonical base64 (non-zero padding bits)"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedReferences")
  void parse_malformedValue_throwsReferenceExceptionNamingVariableWithoutQuotingValue(String value, String problem) {
    assertRejected(() -> PARSER.parse(VAR, value), value, problem);
  }

  /** The malformed values that a variable declared encrypted hands on to {@link ReferenceParser#parse}. */
  static Stream<Arguments> malformedSelfDescribingReferences() {
    return malformedReferences().filter(row -> ((String) row.get()[0]).contains("://"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedSelfDescribingReferences")
  void parseCiphertext_malformedSelfDescribingReference_failsAsParseDoes(String value, String problem) {
    assertRejected(() -> PARSER.parseCiphertext(VAR, value, Kms.GCP, ENV), value, problem);
  }

  @Test
  void parse_unknownSchemeHoldingCredentials_quotesOnlyTheScheme() {
    ReferenceException e =
        assertThrows(
            ReferenceException.class,
            () -> PARSER.parse(VAR, "postgres://app:S3cretPw9x@db.internal:5432/app"));

    assertThat(e.getMessage())
        .isEqualTo(VAR + ": unknown scheme 'postgres://'; this component reads test://, test-kms://")
        .doesNotContain("S3cretPw9x")
        .doesNotContain("db.internal");
    assertThat(e.missingModule()).isEmpty();
  }

  @Test
  void parse_malformedValue_namesTheGivenVariable() {
    ReferenceException e =
        assertThrows(ReferenceException.class, () -> PARSER.parse("STRIPE_KEY", "sk_live_Zq7Xy9"));

    assertThat(e.variable()).isEqualTo("STRIPE_KEY");
    assertThat(e.getMessage()).startsWith("STRIPE_KEY: does not hold a reference");
  }

  // ---------------------------------------------------------------------------------------------------------
  // The registry
  // ---------------------------------------------------------------------------------------------------------

  /** value, the module that reads it. */
  static Stream<Arguments> unboundKnownSchemes() {
    return Stream.of(
        Arguments.of("gcp-kms://projects/p/locations/l/keyRings/r/cryptoKeys/k?ciphertext=" + CT,
            "CloudKmsModule from secretfn-gcp-kms"),
        Arguments.of("gs://zq-bkt/Obj7Key", "CloudStorageModule from secretfn-gcp-storage"),
        Arguments.of("berglas://zq-bkt/Api7Key#7", "BerglasModule from secretfn-gcp-storage"),
        Arguments.of("sm://zq-proj/Db7Pass#3", "SecretManagerModule from secretfn-gcp-secretmanager"),
        Arguments.of("gcp-sm://projects/zq-proj/secrets/Db7Pass/versions/3#Pw7Field",
            "SecretManagerModule from secretfn-gcp-secretmanager"),
        Arguments.of("aws-kms://alias/Key7Xq?ciphertext=" + CT, "AwsKmsModule from secretfn-aws-kms"),
        Arguments.of("s3://zq-bkt/Obj7Key?versionId=Ver7Xq", "S3Module from secretfn-aws-s3"),
        Arguments.of("vault://secret/Db7Key#Pw7Field", "VaultModule from secretfn-vault"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("unboundKnownSchemes")
  void parse_knownSchemeWithoutBoundSyntax_namesTheModuleToAdd(String value, String module) {
    ReferenceException e = assertThrows(ReferenceException.class, () -> PARSER.parse(VAR, value));

    assertThat(e.missingModule()).hasValue(module);
    assertThat(e.getMessage())
        .startsWith(VAR + ": '" + value.substring(0, value.indexOf("://") + 3) + "' references need " + module)
        .contains("this component reads test://, test-kms://");
    assertNotQuoted(e.getMessage(), value);
  }

  @Test
  void parse_noSyntaxBound_saysToBindAStoreModule() {
    ReferenceException e =
        assertThrows(ReferenceException.class, () -> ReferenceParser.of(List.of()).parse(VAR, "Hunter2Pass9"));

    assertThat(e.getMessage()).contains("expected a value starting with no references at all (bind a store module");
  }

  @Test
  void schemes_listsTheBoundSchemes() {
    assertThat(PARSER.schemes()).containsExactlyInAnyOrder(TestSyntaxes.TEST, TEST_KMS);
  }

  @Test
  void of_twoSyntaxesForOneScheme_isRejected() {
    assertThatThrownBy(() -> ReferenceParser.of(List.of(new NamedSyntax(), new CarelessSyntax())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two syntaxes are bound for test:// references")
        .hasMessageContaining(NamedSyntax.class.getName())
        .hasMessageContaining(CarelessSyntax.class.getName());
  }

  @Test
  void of_twoBareSyntaxesForOneKms_isRejected() {
    assertThatThrownBy(() -> ReferenceParser.of(
            List.of(new BareSyntax(Kms.AWS, Scheme.of("one")), new BareSyntax(Kms.AWS, Scheme.of("two")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two syntaxes read bare AWS KMS ciphertexts");
  }

  @Test
  void parse_syntaxThrowsOtherException_isReportedByClassNameWithoutItsMessage() {
    ReferenceParser careless = ReferenceParser.of(List.of(new CarelessSyntax()));

    ReferenceException e = assertThrows(ReferenceException.class, () -> careless.parse(VAR, "test://Zq7Secret9"));

    assertThat(e.getMessage())
        .isEqualTo(VAR + ": the test:// syntax (" + CarelessSyntax.class.getName() + ") failed with"
            + " java.lang.NumberFormatException; this is a bug in that syntax")
        .doesNotContain("Zq7Secret9");
    assertThat(e.missingModule()).isEmpty();
  }

  @Test
  void parse_syntaxReturnsReferenceOfAnotherScheme_isReportedAsABugInTheSyntax() {
    ReferenceParser impostor = ReferenceParser.of(List.of(new ImpostorSyntax()));

    ReferenceException e = assertThrows(ReferenceException.class, () -> impostor.parse(VAR, "test://Zq7Secret9"));

    assertThat(e.getMessage())
        .isEqualTo(VAR + ": the test:// syntax (" + ImpostorSyntax.class.getName() + ") failed with"
            + " java.lang.IllegalStateException; this is a bug in that syntax");
  }

  // ---------------------------------------------------------------------------------------------------------
  // Bare ciphertexts (variables declared encrypted)
  // ---------------------------------------------------------------------------------------------------------

  @Test
  void parseCiphertext_bareCiphertext_goesToTheBareSyntaxOfItsKms() throws ReferenceException {
    assertThat(PARSER.parseCiphertext(VAR, CT, Kms.GCP, ENV)).isEqualTo(new Named(TEST_KMS, CT, Optional.empty()));
  }

  @Test
  void parseCiphertext_selfDescribingReference_isParsedAsParseDoes() throws ReferenceException {
    assertThat(PARSER.parseCiphertext(VAR, "test://db.json#password", Kms.GCP, ENV))
        .isEqualTo(named("db.json", "password"));
    assertThat(PARSER.parseCiphertext(VAR, "test://db.json", Kms.AWS, ENV)).isEqualTo(named("db.json", null));
  }

  @Test
  void parseCiphertext_noBareSyntaxBoundForTheKms_namesTheModuleWithoutQuotingTheValue() {
    ReferenceException e =
        assertThrows(ReferenceException.class, () -> PARSER.parseCiphertext(VAR, CT, Kms.AWS, ENV));

    assertThat(e.getMessage())
        .isEqualTo(VAR + ": is declared to hold a bare AWS KMS ciphertext, but no syntax for them is bound: bare"
            + " AWS KMS ciphertexts need AwsKmsModule from secretfn-aws-kms")
        .doesNotContain(CT);
    assertThat(e.missingModule()).hasValue("AwsKmsModule from secretfn-aws-kms");
  }

  @Test
  void parseCiphertext_invalidBareCiphertext_namesTheKeyServiceAndRule() {
    ReferenceException e = assertThrows(
        ReferenceException.class, () -> PARSER.parseCiphertext(VAR, "Zq7SecRtQR==", Kms.GCP, ENV));

    assertThat(e.getMessage()).isEqualTo(
        VAR + ": cannot be read as a bare Cloud KMS ciphertext: the ciphertext is not canonical base64 (non-zero"
            + " padding bits)");
  }

  /** kms, variable value, stable substring of the message: the outer shape comes before any syntax. */
  static Stream<Arguments> malformedCiphertexts() {
    return Stream.of(
        Arguments.of(Kms.GCP, "", "is empty"),
        Arguments.of(Kms.AWS, "", "is empty"),
        Arguments.of(Kms.GCP, CT + "\n", "leading or trailing whitespace"),
        Arguments.of(Kms.AWS, " " + CT, "leading or trailing whitespace"));
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("malformedCiphertexts")
  void parseCiphertext_malformedValue_throwsReferenceExceptionNamingVariableWithoutQuotingValue(
      Kms kms, String value, String problem) {
    assertRejected(() -> PARSER.parseCiphertext(VAR, value, kms, ENV), value, problem);
  }

  private static Named named(String name, String field) {
    return new Named(TestSyntaxes.TEST, name, Optional.ofNullable(field));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------------------

  private static Arguments canonical(String value, SecretReference expected) {
    return Arguments.of(value, expected, true);
  }

  private static Arguments notCanonical(String value, SecretReference expected) {
    return Arguments.of(value, expected, false);
  }

  private static Arguments bad(String value, String problem) {
    return Arguments.of(value, problem);
  }

  private static void assertRejected(Executable parse, String value, String problem) {
    ReferenceException e = assertThrows(ReferenceException.class, parse);

    assertThat(e.variable()).isEqualTo(VAR);
    assertThat(e.getMessage()).startsWith(VAR + ": ").contains(problem);
    assertNotQuoted(e.getMessage(), value);
  }

  /** The message quotes neither the value (when it is long enough to be distinctive) nor any distinctive token of it. */
  static void assertNotQuoted(String message, String value) {
    if (value.length() >= 8) {
      assertThat(message).doesNotContain(value);
    }
    for (String token : distinctiveTokens(value)) {
      assertThat(message).as("message must not quote '%s' from the value", token).doesNotContain(token);
    }
  }

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{5,}");

  /**
   * Runs of 5 or more ASCII letters and digits that contain both an upper-case letter and a digit. The fixed
   * message vocabulary has no such run (its identifiers are either all letters, like BUCKET or cryptoKeyVersions,
   * or broken by '-', '_' or spaces, like UTF-8, KMS_CRYPTO_KEY_ID or RFC 4648), and a quoted scheme is lower
   * case, so such a run in a message can only come from the value.
   */
  static List<String> distinctiveTokens(String value) {
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

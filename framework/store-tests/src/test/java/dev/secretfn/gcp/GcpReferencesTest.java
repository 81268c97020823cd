package dev.secretfn.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.gcp.kms.GcpKmsCiphertext;
import dev.secretfn.gcp.storage.BerglasObject;
import dev.secretfn.gcp.storage.GcsObject;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.ReferenceAssertions;
import dev.secretfn.testing.contract.ReferenceTableContract;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests of the gcp-kms://, gs:// and berglas://, and bare Cloud KMS ciphertexts grammar, through a {@link ReferenceParser} of this module's
 * syntaxes (the registry and the shared rules are tested in core). Every malformed value is checked three ways:
 * the exception is a {@link ReferenceException}, its message starts with the variable and names the problem,
 * and it quotes neither the value nor any distinctive token of it (see {@link ReferenceAssertions#distinctiveTokens}).
 */
class GcpReferencesTest extends ReferenceTableContract {
  /** This module's syntaxes, as its Dagger modules bind them. */
  static final ReferenceParser PARSER =
      GcpStores.parser();

  @Override
  protected ReferenceParser parser() {
    return PARSER;
  }

  private static final String VAR = "DB_PASSWORD";

  private static final String KEY = "projects/my-project/locations/global/keyRings/app/cryptoKeys/db";
  private static final String OTHER_KEY =
      "projects/example.com:my-project/locations/europe-west1/keyRings/ring_1/cryptoKeys/Key-2";

  /** 16 bytes: standard base64 has '+' and "==" padding, so every base64 rule has something to bite on. */
  private static final byte[] CIPHERTEXT = {
    (byte) 0xfb, (byte) 0xef, (byte) 0xbe, 0x0a, 0x24, 0x00, 'Z', 'q', '7', 'S', 'e', 'c', 'r', 'e', 't', 0x42
  };
  private static final String CT = Base64.getEncoder().encodeToString(CIPHERTEXT);
  private static final String CT_URLSAFE = Base64.getUrlEncoder().encodeToString(CIPHERTEXT);
  private static final String CT_UNPADDED = Base64.getEncoder().withoutPadding().encodeToString(CIPHERTEXT);
  private static final String CT_LINE_BREAK = CT.substring(0, 12) + "\n" + CT.substring(12);
  private static final String CT_CRLF = CT.substring(0, 12) + "\r\n" + CT.substring(12);
  /** "QR==" decodes like "QQ==" but has non-zero padding bits. */
  private static final String CT_NON_CANONICAL = "Zq7SecRtQR==";
  private static final String CT_TOO_LONG = "Zq7S".repeat(ReferenceRules.MAX_CIPHERTEXT_BASE64 / 4 + 1);
  private static final String CT_LONGEST = "Zq7S".repeat(ReferenceRules.MAX_CIPHERTEXT_BASE64 / 4);

  private static final OptionalLong NO_GENERATION = OptionalLong.empty();
  private static final Optional<String> NO_FIELD = Optional.empty();

  // ---------------------------------------------------------------------------------------------------------
  // Valid references
  // ---------------------------------------------------------------------------------------------------------

  /** value, expected record, whether value is already in canonical form (format() returns it unchanged). */
  @Override
  protected Stream<Arguments> validReferences() {
    return Stream.of(
        // gcp-kms://
        canonical("gcp-kms://" + KEY + "?ciphertext=" + CT, new GcpKmsCiphertext(KEY, CT)),
        canonical("gcp-kms://" + OTHER_KEY + "?ciphertext=" + CT, new GcpKmsCiphertext(OTHER_KEY, CT)),
        canonical("gcp-kms://" + KEY + "?ciphertext=QQ==", new GcpKmsCiphertext(KEY, "QQ==")),
        canonical("gcp-kms://" + KEY + "?ciphertext=" + CT_LONGEST, new GcpKmsCiphertext(KEY, CT_LONGEST)),
        // gs://
        canonical("gs://my-bucket/db.json", new GcsObject("my-bucket", "db.json", NO_GENERATION, NO_FIELD)),
        canonical(
            "gs://my-bucket/db.json?generation=1712345678901234",
            new GcsObject("my-bucket", "db.json", OptionalLong.of(1712345678901234L), NO_FIELD)),
        canonical(
            "gs://my-bucket/db.json#password",
            new GcsObject("my-bucket", "db.json", NO_GENERATION, Optional.of("password"))),
        canonical(
            "gs://my-bucket/db.json?generation=3#password",
            new GcsObject("my-bucket", "db.json", OptionalLong.of(3), Optional.of("password"))),
        canonical(
            "gs://my-bucket/app/prod/db.json",
            new GcsObject("my-bucket", "app/prod/db.json", NO_GENERATION, NO_FIELD)),
        canonical(
            "gs://b.example.com/x?generation=9223372036854775807",
            new GcsObject("b.example.com", "x", OptionalLong.of(Long.MAX_VALUE), NO_FIELD)),
        canonical("gs://a_b/o?generation=1", new GcsObject("a_b", "o", OptionalLong.of(1), NO_FIELD)),
        canonical(
            "gs://" + "a".repeat(222) + "/o", new GcsObject("a".repeat(222), "o", NO_GENERATION, NO_FIELD)),
        canonical(
            "gs://my-bucket/100%25 sure%3F%23.json",
            new GcsObject("my-bucket", "100% sure?#.json", NO_GENERATION, NO_FIELD)),
        notCanonical(
            "gs://my-bucket/100%25%20sure%3f%23.json",
            new GcsObject("my-bucket", "100% sure?#.json", NO_GENERATION, NO_FIELD)),
        notCanonical(
            "gs://my-bucket/s%C3%A9cret%2Fdb",
            new GcsObject("my-bucket", "sécret/db", NO_GENERATION, NO_FIELD)),
        canonical(
            "gs://my-bucket/sécret/日本語/\uD83D\uDD11.json#пароль",
            new GcsObject("my-bucket", "sécret/日本語/\uD83D\uDD11.json", NO_GENERATION, Optional.of("пароль"))),
        canonical(
            "gs://my-bucket/a&b=c://d", new GcsObject("my-bucket", "a&b=c://d", NO_GENERATION, NO_FIELD)),
        canonical("gs://my-bucket//lead", new GcsObject("my-bucket", "/lead", NO_GENERATION, NO_FIELD)),
        canonical("gs://my-bucket/...", new GcsObject("my-bucket", "...", NO_GENERATION, NO_FIELD)),
        canonical("gs://my-bucket/ x", new GcsObject("my-bucket", " x", NO_GENERATION, NO_FIELD)),
        canonical(
            "gs://my-bucket/" + "a".repeat(1024),
            new GcsObject("my-bucket", "a".repeat(1024), NO_GENERATION, NO_FIELD)),
        canonical(
            "gs://my-bucket/" + "é".repeat(512),
            new GcsObject("my-bucket", "é".repeat(512), NO_GENERATION, NO_FIELD)),
        notCanonical(
            "gs://my-bucket/db.json#a?b", new GcsObject("my-bucket", "db.json", NO_GENERATION, Optional.of("a?b"))),
        canonical(
            "gs://my-bucket/db.json#user.name/first%23",
            new GcsObject("my-bucket", "db.json", NO_GENERATION, Optional.of("user.name/first#"))),
        canonical(
            "gs://my-bucket/db.json#" + "f".repeat(256),
            new GcsObject("my-bucket", "db.json", NO_GENERATION, Optional.of("f".repeat(256)))),
        // a name or field ending in whitespace: format() escapes that last character, or the value would end
        // in whitespace and be rejected
        canonical("gs://my-bucket/obj%20", new GcsObject("my-bucket", "obj ", NO_GENERATION, NO_FIELD)),
        canonical(
            "gs://my-bucket/a b%20?generation=1", new GcsObject("my-bucket", "a b ", OptionalLong.of(1), NO_FIELD)),
        notCanonical(
            "gs://my-bucket/a b ?generation=1", new GcsObject("my-bucket", "a b ", OptionalLong.of(1), NO_FIELD)),
        canonical(
            "gs://my-bucket/db.json#pw%E3%80%80",
            new GcsObject("my-bucket", "db.json", NO_GENERATION, Optional.of("pw\u3000"))),
        canonical("berglas://my-bucket/key%20", new BerglasObject("my-bucket", "key ", NO_GENERATION)),
        // berglas://
        canonical("berglas://my-bucket/api-key", new BerglasObject("my-bucket", "api-key", NO_GENERATION)),
        canonical(
            "berglas://my-bucket/team/api-key#1712345678901234",
            new BerglasObject("my-bucket", "team/api-key", OptionalLong.of(1712345678901234L))),
        canonical(
            "berglas://my-bucket/api%23key%3F#7", new BerglasObject("my-bucket", "api#key?", OptionalLong.of(7))));
  }

  @Test
  void parse_gcsWithGenerationAndField_returnsPinnedFieldReference() throws ReferenceException {
    SecretReference parsed = PARSER.parse(VAR, "gs://my-bucket/db.json?generation=3#password");

    GcsObject gcs = (GcsObject) parsed;
    assertThat(gcs.bucket()).isEqualTo("my-bucket");
    assertThat(gcs.object()).isEqualTo("db.json");
    assertThat(gcs.generation()).hasValue(3);
    assertThat(gcs.field()).hasValue("password");
    assertThat(gcs.withoutField()).isEqualTo(new GcsObject("my-bucket", "db.json", OptionalLong.of(3), NO_FIELD));
  }

  @Test
  void parse_kmsReference_keepsCiphertextBytesButDescribesOnlyTheirLength() throws ReferenceException {
    SecretReference parsed = PARSER.parse(VAR, "gcp-kms://" + KEY + "?ciphertext=" + CT);

    assertThat(((GcpKmsCiphertext) parsed).ciphertext()).isEqualTo(CIPHERTEXT);
    assertThat(parsed.describe()).isEqualTo("gcp-kms://" + KEY + "?ciphertext=<ciphertext, 16 bytes>");
    assertThat(parsed.toString()).doesNotContain(CT);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Malformed references
  // ---------------------------------------------------------------------------------------------------------

  /** value, a stable substring of the expected message. */
  @Override
  protected Stream<Arguments> malformedReferences() {
    return Stream.of(
        // gs:// structure
        bad("gs://", "expected BUCKET/OBJECT after the scheme"),
        bad("gs://zq-bkt7Obj7Key", "expected BUCKET/OBJECT after the scheme"),
        bad("gs:///Obj7Key", "expected BUCKET/OBJECT after the scheme"),
        bad("gs://?generation=7#Fld7Xq", "expected BUCKET/OBJECT after the scheme"),
        bad("gs://zq-bkt/#Fld7Xq", "the object name is empty"),
        bad("gs://zq-bkt/?generation=7", "the object name is empty"),
        // bucket names
        bad("gs://Zq9Bucket/Obj7Key", "the bucket name must be 3 to 222 characters"),
        bad("gs://ab/Obj7Key", "the bucket name must be 3 to 222 characters"),
        bad("gs://-zqbkt/Obj7Key", "the bucket name must be 3 to 222 characters"),
        bad("gs://zqbkt-/Obj7Key", "the bucket name must be 3 to 222 characters"),
        bad("gs://zqbkt_/Obj7Key", "the bucket name must be 3 to 222 characters"),
        bad("gs://zq..bkt/Obj7Key", "the bucket name must be 3 to 222 characters"),
        bad("gs://zq bkt/Obj7Key", "the bucket name must be 3 to 222 characters"),
        bad("gs://zq%62kt/Obj7Key", "the bucket name must be 3 to 222 characters"),
        bad("gs://" + "a".repeat(223) + "/Obj7Key", "the bucket name must be 3 to 222 characters"),
        // object names
        bad("gs://zq-bkt/.#Fld7Xq", "the object name cannot be '.' or '..'"),
        bad("gs://zq-bkt/..?generation=7", "the object name cannot be '.' or '..'"),
        bad("gs://zq-bkt/%2E%2E#Fld7Xq", "the object name cannot be '.' or '..'"),
        bad("gs://zq-bkt/Obj7\u0001Key", "the object name contains a control character"),
        bad("gs://zq-bkt/Obj7\nKey", "the object name contains a control character"),
        bad("gs://zq-bkt/Obj7%0AKey", "the object name contains a control character"),
        bad("gs://zq-bkt/Obj7%7FKey", "the object name contains a control character"),
        bad("gs://zq-bkt/" + "Obj7Key".repeat(147), "the object name must be 1 to 1024 bytes"),
        bad("gs://zq-bkt/Obj7" + "é".repeat(511), "the object name must be 1 to 1024 bytes"),
        bad("gs://zq-bkt/Obj7\uD800Key", "the object name is not well-formed Unicode"),
        bad("gs://zq-bkt/Obj7\uDC00", "the object name is not well-formed Unicode"),
        // an unpaired surrogate next to an escape must not be decoded as '?'
        bad("gs://zq-bkt/Obj7\uD800%41Key", "is not well-formed Unicode"),
        bad("gs://zq-bkt/Obj7%41\uDC00Key", "is not well-formed Unicode"),
        // percent escapes
        bad("gs://zq-bkt/Obj7%", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7%4", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7%G1Key", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7%zzKey", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7%%41Key", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7% 1Key", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7%-1Key", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7%4?generation=7", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7Key#Fld7%", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7Key#Fld7%XY", "'%' must be followed by two hexadecimal digits"),
        // only ASCII hex digits: Arabic-Indic and fullwidth digits must not decode
        bad("gs://zq-bkt/Obj7%\u0663FKey", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7%\uFF13\uFF26Key", "'%' must be followed by two hexadecimal digits"),
        bad("gs://zq-bkt/Obj7Key#Fld7%4\u0661", "'%' must be followed by two hexadecimal digits"),
        // invalid UTF-8 behind escapes
        bad("gs://zq-bkt/Obj7%FFKey", "percent-escapes must decode to valid UTF-8"),
        bad("gs://zq-bkt/Obj7%80Key", "percent-escapes must decode to valid UTF-8"),
        bad("gs://zq-bkt/Obj7%C3Key", "percent-escapes must decode to valid UTF-8"),
        bad("gs://zq-bkt/Obj7%E2%82", "percent-escapes must decode to valid UTF-8"),
        bad("gs://zq-bkt/Obj7%C0%80Key", "percent-escapes must decode to valid UTF-8"),
        bad("gs://zq-bkt/Obj7%ED%A0%80Key", "percent-escapes must decode to valid UTF-8"),
        bad("gs://zq-bkt/Obj7%F4%90%80%80Key", "percent-escapes must decode to valid UTF-8"),
        bad("berglas://zq-bkt/Api7%FEKey", "percent-escapes must decode to valid UTF-8"),
        // generations
        bad("gs://zq-bkt/Obj7Key?generation=0", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=007", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=+7", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=-7", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=1e3", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=0x1F", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=1.0", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=١٢", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=１２", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=12 #Fld7Xq", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=latest", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=1?generation=2", "the generation must be a positive decimal number"),
        bad("gs://zq-bkt/Obj7Key?generation=9223372036854775808", "the generation is larger than a 64-bit number"),
        bad("gs://zq-bkt/Obj7Key?generation=9999999999999999999", "the generation is larger than a 64-bit number"),
        bad("gs://zq-bkt/Obj7Key?generation=99999999999999999999", "the generation is larger than a 64-bit number"),
        bad("gs://zq-bkt/Obj7Key?generation=", "the 'generation' parameter is empty"),
        // parameters
        bad("gs://zq-bkt/Obj7Key?", "unknown or misplaced parameter: this scheme takes only '?generation='"),
        bad("gs://zq-bkt/Obj7Key?generation", "unknown or misplaced parameter"),
        bad("gs://zq-bkt/Obj7Key?Generation=7", "unknown or misplaced parameter"),
        bad("gs://zq-bkt/Obj7Key?versionId=7", "unknown or misplaced parameter"),
        bad("gs://zq-bkt/Obj7Key?alt=media", "unknown or misplaced parameter"),
        bad("gs://zq-bkt/Obj7Key?Prm7Xq=1&generation=2", "unknown or misplaced parameter"),
        bad("gs://zq-bkt/Obj7Key?generation=1&generation=2", "only one parameter is allowed ('&' found)"),
        bad("gs://zq-bkt/Obj7Key?generation=1&Prm7Xq=2", "only one parameter is allowed ('&' found)"),
        bad("gs://zq-bkt/Obj7Key?generation=&Prm7Xq", "only one parameter is allowed ('&' found)"),
        // fields
        bad("gs://zq-bkt/Obj7Key#", "'#' must be followed by a JSON field name"),
        bad("gs://zq-bkt/Obj7Key?generation=7#", "'#' must be followed by a JSON field name"),
        bad("gs://zq-bkt/Obj7Key#Fld7%00", "the JSON field name contains a control character"),
        bad("gs://zq-bkt/Obj7Key#Fld7\tX", "the JSON field name contains a control character"),
        bad("gs://zq-bkt/Obj7Key#" + "Fld7".repeat(65), "the JSON field name must be 1 to 256 characters"),
        bad("gs://zq-bkt/Obj7Key#Fld7\uD800", "the JSON field name is not well-formed Unicode"),
        // berglas://
        bad("berglas://zq-bkt/Api7Key?destination=tempfile", "'?destination=' makes Berglas write the secret"),
        bad("berglas://zq-bkt/Api7Key?destination=/tmp/Zq9Secret#3", "'?destination=' makes Berglas write"),
        bad("berglas://zq-bkt/Api7Key?Destination=tempfile", "this scheme takes no '?' parameters"),
        bad("berglas://zq-bkt/Api7Key?generation=3", "this scheme takes no '?' parameters"),
        bad("berglas://zq-bkt/Api7Key?", "this scheme takes no '?' parameters"),
        bad("berglas://zq-bkt/Api7Key#", "the generation must be a positive decimal number"),
        bad("berglas://zq-bkt/Api7Key#0", "the generation must be a positive decimal number"),
        bad("berglas://zq-bkt/Api7Key#007", "the generation must be a positive decimal number"),
        bad("berglas://zq-bkt/Api7Key#-3", "the generation must be a positive decimal number"),
        bad("berglas://zq-bkt/Api7Key#password", "the generation must be a positive decimal number"),
        bad("berglas://zq-bkt/Api7Key#3#4", "the generation must be a positive decimal number"),
        bad("berglas://zq-bkt/Api7Key#9223372036854775808", "the generation is larger than a 64-bit number"),
        bad("berglas://Zq9Bucket/Api7Key", "the bucket name must be 3 to 222 characters"),
        bad("berglas://zq-bkt/#7", "the object name is empty"),
        bad("berglas://zq-bkt7Api7Key", "expected BUCKET/OBJECT after the scheme"),
        // gcp-kms://
        bad(
            "gcp-kms://" + KEY + "/cryptoKeyVersions/1?ciphertext=" + CT,
            "Cloud KMS decrypts with a CryptoKey, not a version"),
        bad("gcp-kms://projects/my-project/locations/global/keyRings/app?ciphertext=" + CT, "must be a CryptoKey name"),
        bad("gcp-kms://?ciphertext=" + CT, "the Cloud KMS key must be a CryptoKey name"),
        bad("gcp-kms://" + KEY.replace("my-project", "My-Project") + "?ciphertext=" + CT, "must be a CryptoKey name"),
        bad("gcp-kms://" + KEY.replace("my-project", "7project") + "?ciphertext=" + CT, "must be a CryptoKey name"),
        bad("gcp-kms://" + KEY.replace("db", "db.key") + "?ciphertext=" + CT, "must be a CryptoKey name"),
        bad("gcp-kms://" + KEY.replace("db", "k".repeat(64)) + "?ciphertext=" + CT, "must be a CryptoKey name"),
        bad("gcp-kms://" + KEY + "/?ciphertext=" + CT, "must be a CryptoKey name"),
        bad("gcp-kms://" + KEY.replace("/keyRings/", "/keyrings/") + "?ciphertext=" + CT, "must be a CryptoKey name"),
        bad("gcp-kms://" + KEY.replace("my-project", "my%2Dproject") + "?ciphertext=" + CT, "must be a CryptoKey"),
        bad("gcp-kms://" + KEY, "the '?ciphertext=' parameter is required"),
        bad("gcp-kms://" + KEY + "?ciphertext=", "the 'ciphertext' parameter is empty"),
        bad("gcp-kms://" + KEY + "?Ciphertext=" + CT, "unknown or misplaced parameter"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT + "#Frag7Xq", "this scheme takes no '#' part"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT + "#", "this scheme takes no '#' part"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT + "&ciphertext=" + CT, "only one parameter is allowed"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT_URLSAFE, "uses the URL-safe base64 alphabet"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT_UNPADDED, "is not standard padded base64"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT_LINE_BREAK, "contains a line break"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT_CRLF, "contains a line break"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT_NON_CANONICAL, "not canonical base64 (non-zero padding bits)"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT.replace("+", "%2B"), "is not standard padded base64"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT.replace("+", " "), "is not standard padded base64"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT + CT, "is not standard padded base64"),
        bad("gcp-kms://" + KEY + "?ciphertext=Zq7S====", "is not standard padded base64"),
        bad("gcp-kms://" + KEY + "?ciphertext=Zq7S=", "is not standard padded base64"),
        bad("gcp-kms://" + KEY + "?ciphertext=" + CT_TOO_LONG, "the ciphertext is longer than 65536 base64 characters"));
  }

  /** The malformed values that a variable declared encrypted hands on to {@link ReferenceParser#parse}. */
  Stream<Arguments> malformedSelfDescribingReferences() {
    return malformedReferences().filter(row -> ((String) row.get()[0]).contains("://"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedSelfDescribingReferences")
  void parseCiphertext_malformedSelfDescribingReference_failsAsParseDoes(String value, String problem) {
    assertRejected(() -> PARSER.parseCiphertext(VAR, value, Kms.GCP, environment(KEY)), value, problem);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Bare ciphertexts (variables declared encrypted)
  // ---------------------------------------------------------------------------------------------------------

  /** kms, value of KMS_CRYPTO_KEY_ID (null: unset), variable value, expected record. */
  static Stream<Arguments> validCiphertexts() {
    return Stream.of(
        Arguments.of(Kms.GCP, KEY, CT, new GcpKmsCiphertext(KEY, CT)),
        Arguments.of(Kms.GCP, OTHER_KEY, "QQ==", new GcpKmsCiphertext(OTHER_KEY, "QQ==")),
        Arguments.of(Kms.GCP, KEY, CT_LONGEST, new GcpKmsCiphertext(KEY, CT_LONGEST)),
        // a variable declared encrypted may still hold any self-describing reference
        Arguments.of(
            Kms.GCP, KEY, "gcp-kms://" + OTHER_KEY + "?ciphertext=" + CT, new GcpKmsCiphertext(OTHER_KEY, CT)),
        Arguments.of(
            Kms.GCP,
            null,
            "gs://my-bucket/db.json#password",
            new GcsObject("my-bucket", "db.json", NO_GENERATION, Optional.of("password"))));
  }

  @ParameterizedTest(name = "[{index}] {0} {2}")
  @MethodSource("validCiphertexts")
  void parseCiphertext_validValue_returnsExactRecord(Kms kms, String key, String value, SecretReference expected)
      throws ReferenceException {
    SecretReference parsed = PARSER.parseCiphertext(VAR, value, kms, environment(key));

    assertThat(parsed).isEqualTo(expected);
  }

  /** kms, value of KMS_CRYPTO_KEY_ID (null: unset), variable value, stable substring of the message. */
  static Stream<Arguments> malformedCiphertexts() {
    return Stream.of(
        Arguments.of(
            Kms.GCP, null, CT, "cannot be read as a bare Cloud KMS ciphertext: KMS_CRYPTO_KEY_ID is not set: set it to the CryptoKey"),
        Arguments.of(
            Kms.GCP,
            KEY + "/cryptoKeyVersions/1",
            CT,
            "KMS_CRYPTO_KEY_ID is invalid: Cloud KMS decrypts with a CryptoKey, not a version"),
        Arguments.of(Kms.GCP, "my-key", CT, "KMS_CRYPTO_KEY_ID is invalid: the Cloud KMS key must be a CryptoKey"),
        Arguments.of(Kms.GCP, "", CT, "KMS_CRYPTO_KEY_ID is invalid"),
        Arguments.of(Kms.GCP, KEY, CT_URLSAFE, "cannot be read as a bare Cloud KMS ciphertext: the ciphertext uses the URL-safe"),
        Arguments.of(Kms.GCP, KEY, CT_UNPADDED, "is not standard padded base64"),
        Arguments.of(Kms.GCP, KEY, CT_LINE_BREAK, "contains a line break: encode it with 'base64 -w0'"),
        Arguments.of(Kms.GCP, KEY, CT_NON_CANONICAL, "non-zero padding bits"),
        Arguments.of(Kms.GCP, KEY, CT_TOO_LONG, "longer than 65536 base64 characters"),
        Arguments.of(Kms.GCP, KEY, "Hunter2:Zq9pass", "is not standard padded base64"),
        Arguments.of(Kms.GCP, KEY, CT + "#Frag7Xq", "is not standard padded base64"),
        Arguments.of(Kms.GCP, KEY, "gs://zq-bkt/?Obj7Key", "the object name is empty"));
  }

  @ParameterizedTest(name = "[{index}] {0} {2}")
  @MethodSource("malformedCiphertexts")
  void parseCiphertext_malformedValue_throwsReferenceExceptionNamingVariableWithoutQuotingValue(
      Kms kms, String key, String value, String problem) {
    assertRejected(() -> PARSER.parseCiphertext(VAR, value, kms, environment(key)), value, problem);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------------------

  /** An environment with KMS_CRYPTO_KEY_ID set to {@code key}, or unset if it is null. */
  static Environment environment(String key) {
    return Environment.of(key == null ? Map.of() : Map.of("KMS_CRYPTO_KEY_ID", key));
  }

  private static void assertRejected(Executable parse, String value, String problem) {
    ReferenceAssertions.assertRejected(VAR, parse, value, problem);
  }
}

package dev.secretfn.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.aws.kms.AwsKmsCiphertext;
import dev.secretfn.aws.s3.S3Object;
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
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests of the aws-kms:// and s3://, and bare AWS KMS ciphertexts grammar, through a {@link ReferenceParser} of this module's
 * syntaxes (the registry and the shared rules are tested in core). Every malformed value is checked three ways:
 * the exception is a {@link ReferenceException}, its message starts with the variable and names the problem,
 * and it quotes neither the value nor any distinctive token of it (see {@link ReferenceAssertions#distinctiveTokens}).
 */
class AwsReferencesTest extends ReferenceTableContract {
  /** This module's syntaxes, as its Dagger modules bind them. */
  static final ReferenceParser PARSER =
      AwsStores.parser();

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
        // aws-kms://
        canonical("aws-kms://?ciphertext=" + CT, new AwsKmsCiphertext(Optional.empty(), CT)),
        canonical(
            "aws-kms://1234abcd-12ab-34cd-56ef-1234567890ab?ciphertext=" + CT,
            new AwsKmsCiphertext(Optional.of("1234abcd-12ab-34cd-56ef-1234567890ab"), CT)),
        canonical(
            "aws-kms://arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab?ciphertext="
                + CT,
            new AwsKmsCiphertext(
                Optional.of("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"), CT)),
        canonical(
            "aws-kms://alias/app/db_key-1?ciphertext=" + CT,
            new AwsKmsCiphertext(Optional.of("alias/app/db_key-1"), CT)),
        canonical(
            "aws-kms://arn:aws:kms:eu-west-1:111122223333:alias/db?ciphertext=" + CT,
            new AwsKmsCiphertext(Optional.of("arn:aws:kms:eu-west-1:111122223333:alias/db"), CT)),
        canonical("s3://my-bucket/k%E2%80%A8", new S3Object("my-bucket", "k\u2028", Optional.empty(), NO_FIELD)),
        // s3://
        canonical("s3://my-bucket/db.json", new S3Object("my-bucket", "db.json", Optional.empty(), NO_FIELD)),
        canonical(
            "s3://my-bucket/path/to/db.json?versionId=3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nrjfkd",
            new S3Object(
                "my-bucket",
                "path/to/db.json",
                Optional.of("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nrjfkd"),
                NO_FIELD)),
        canonical(
            "s3://my.bucket-1/db.json?versionId=null#password",
            new S3Object("my.bucket-1", "db.json", Optional.of("null"), Optional.of("password"))),
        canonical(
            "s3://abc/k%23ey#f%25ield", new S3Object("abc", "k#ey", Optional.empty(), Optional.of("f%ield"))),
        canonical(
            "s3://" + "b".repeat(63) + "/k", new S3Object("b".repeat(63), "k", Optional.empty(), NO_FIELD)),
        canonical(
            "s3://my-bucket/k?versionId=a/b=c_d.e-f", new S3Object("my-bucket", "k", Optional.of("a/b=c_d.e-f"), NO_FIELD)));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Malformed references
  // ---------------------------------------------------------------------------------------------------------

  /** value, a stable substring of the expected message. */
  @Override
  protected Stream<Arguments> malformedReferences() {
    return Stream.of(
        bad("s3://zq_bkt/Obj7Key", "the bucket name must be 3 to 63 characters"),
        bad("s3://" + "b".repeat(64) + "/Obj7Key", "the bucket name must be 3 to 63 characters"),
        bad("s3://zq..bkt/Obj7Key", "the bucket name must be 3 to 63 characters"),
        bad("s3://Zq9Bucket/Obj7Key", "the bucket name must be 3 to 63 characters"),
        bad("s3://zq-bkt/Obj7%00Key", "the object name contains a control character"),
        bad("s3://zq-bkt/Obj7Key#Fld7\uDBFF%41", "is not well-formed Unicode"),
        bad("s3://zq-bkt/Obj7Key#Fld7%C3%28", "percent-escapes must decode to valid UTF-8"),
        bad("s3://zq-bkt/Obj7Key#", "'#' must be followed by a JSON field name"),
        // s3:// parameters
        bad("s3://zq-bkt/Obj7Key?versionId=", "the 'versionId' parameter is empty"),
        bad("s3://zq-bkt/Obj7Key?versionid=Ver7Xq", "unknown or misplaced parameter: this scheme takes only '?versionId='"),
        bad("s3://zq-bkt/Obj7Key?generation=7", "unknown or misplaced parameter"),
        bad("s3://zq-bkt/Obj7Key?versionId=Ver7Xq&versionId=Ver8Xq", "only one parameter is allowed"),
        bad("s3://zq-bkt/Obj7Key?versionId=Ver7%41Xq", "the S3 versionId must be 1 to 1024 characters"),
        bad("s3://zq-bkt/Obj7Key?versionId=Ver7 Xq", "the S3 versionId must be 1 to 1024 characters"),
        bad("s3://zq-bkt/Obj7Key?versionId=Ver7?Xq", "the S3 versionId must be 1 to 1024 characters"),
        bad("s3://zq-bkt/Obj7Key?versionId=" + "Ver7".repeat(257), "the S3 versionId must be 1 to 1024 characters"),
        // aws-kms://
        bad("aws-kms://alias/my Key7?ciphertext=" + CT, "the AWS KMS key must be a key id, key ARN"),
        bad("aws-kms://alias%2FKey7Xq?ciphertext=" + CT, "the AWS KMS key must be a key id, key ARN"),
        bad("aws-kms://" + "Key7".repeat(513) + "?ciphertext=" + CT, "the AWS KMS key must be a key id"),
        bad("aws-kms://alias/Key7Xq", "the '?ciphertext=' parameter is required"),
        bad("aws-kms://alias/Key7Xq?CiphertextBlob=" + CT, "unknown or misplaced parameter"),
        bad("aws-kms://?ciphertext=" + CT + "#Frag7Xq", "this scheme takes no '#' part"),
        bad("aws-kms://?ciphertext=" + CT_URLSAFE, "uses the URL-safe base64 alphabet"),
        bad("aws-kms://?ciphertext=" + CT_UNPADDED, "is not standard padded base64"),
        bad("aws-kms://?ciphertext=" + CT_LINE_BREAK, "contains a line break"),
        bad("aws-kms://?ciphertext=" + CT_NON_CANONICAL, "non-zero padding bits"),
        bad("aws-kms://?ciphertext=" + CT + "&EncryptionContext=Fn7Xq", "only one parameter is allowed"));
  }

  /** The malformed values that a variable declared encrypted hands on to {@link ReferenceParser#parse}. */
  Stream<Arguments> malformedSelfDescribingReferences() {
    return malformedReferences().filter(row -> ((String) row.get()[0]).contains("://"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedSelfDescribingReferences")
  void parseCiphertext_malformedSelfDescribingReference_failsAsParseDoes(String value, String problem) {
    assertRejected(() -> PARSER.parseCiphertext(VAR, value, Kms.AWS, environment(KEY)), value, problem);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Bare ciphertexts (variables declared encrypted)
  // ---------------------------------------------------------------------------------------------------------

  /** kms, value of KMS_CRYPTO_KEY_ID (null: unset), variable value, expected record. */
  static Stream<Arguments> validCiphertexts() {
    return Stream.of(
        Arguments.of(Kms.AWS, null, CT, new AwsKmsCiphertext(Optional.empty(), CT)),
        Arguments.of(Kms.AWS, KEY, CT, new AwsKmsCiphertext(Optional.empty(), CT)),
        Arguments.of(
            Kms.AWS,
            null,
            "aws-kms://alias/db?ciphertext=" + CT,
            new AwsKmsCiphertext(Optional.of("alias/db"), CT)));
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
        Arguments.of(Kms.AWS, null, CT_URLSAFE, "cannot be read as a bare AWS KMS ciphertext: the ciphertext uses the URL-safe"),
        Arguments.of(Kms.AWS, null, CT_UNPADDED, "is not standard padded base64"),
        Arguments.of(Kms.AWS, null, CT_CRLF, "contains a line break"),
        Arguments.of(Kms.AWS, null, CT_NON_CANONICAL, "non-zero padding bits"),
        Arguments.of(Kms.AWS, null, "Hunter2 correct horse", "is not standard padded base64"),
        Arguments.of(Kms.AWS, null, "gs:zqbkt/Obj7Key", "is not standard padded base64"),
        Arguments.of(Kms.AWS, null, "aws-kms://alias/Key7Xq", "the '?ciphertext=' parameter is required"));
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

package dev.secretfn.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.ReferenceAssertions;
import dev.secretfn.testing.contract.ReferenceTableContract;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven tests of the vault:// grammar, through a {@link ReferenceParser} of this module's
 * syntaxes (the registry and the shared rules are tested in core). Every malformed value is checked three ways:
 * the exception is a {@link ReferenceException}, its message starts with the variable and names the problem,
 * and it quotes neither the value nor any distinctive token of it (see {@link ReferenceAssertions#distinctiveTokens}).
 */
class VaultReferencesTest extends ReferenceTableContract {
  /** This module's syntaxes, as its Dagger modules bind them. */
  static final ReferenceParser PARSER =
      ReferenceParser.of(List.of(new VaultSyntax()));

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
        canonical("vault://secret/app#pw%20", new VaultSecret("secret/app", NO_GENERATION, Optional.of("pw "))),
        // vault://
        canonical("vault://secret/app/db", new VaultSecret("secret/app/db", NO_GENERATION, NO_FIELD)),
        canonical("vault://secret/db", new VaultSecret("secret/db", NO_GENERATION, NO_FIELD)),
        canonical(
            "vault://secret/app/db?version=2", new VaultSecret("secret/app/db", OptionalLong.of(2), NO_FIELD)),
        canonical(
            "vault://secret/app/db#password",
            new VaultSecret("secret/app/db", NO_GENERATION, Optional.of("password"))),
        canonical(
            "vault://kv-v2/team@corp/app:prod/a+b/_x.y?version=12#db%23pass",
            new VaultSecret("kv-v2/team@corp/app:prod/a+b/_x.y", OptionalLong.of(12), Optional.of("db#pass"))));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Malformed references
  // ---------------------------------------------------------------------------------------------------------

  /** value, a stable substring of the expected message. */
  @Override
  protected Stream<Arguments> malformedReferences() {
    return Stream.of(
        bad("vault://secret/Db7Key#", "'#' must be followed by a JSON field name"),
        // vault://
        bad("vault://Secret9Zq", "the Vault path must name a mount and a secret"),
        bad("vault://secret//Db7Key", "each segment of the Vault path must be 1 to 255 characters"),
        bad("vault://secret/Db7Key/", "each segment of the Vault path"),
        bad("vault:///secret/Db7Key", "each segment of the Vault path"),
        bad("vault://secret/../Db7Key", "each segment of the Vault path"),
        bad("vault://secret/./Db7Key", "each segment of the Vault path"),
        bad("vault://secret/Db 7Key", "each segment of the Vault path"),
        bad("vault://secret/Db7%41Key", "each segment of the Vault path"),
        bad("vault://secret/" + "Db7Key".repeat(43), "each segment of the Vault path"),
        bad("vault://secret/Db7Key?version=0", "the version must be a positive decimal number"),
        bad("vault://secret/Db7Key?version=01", "the version must be a positive decimal number"),
        bad("vault://secret/Db7Key?version=latest", "the version must be a positive decimal number"),
        bad("vault://secret/Db7Key?version=", "the 'version' parameter is empty"),
        bad("vault://secret/Db7Key?versions=1", "unknown or misplaced parameter: this scheme takes only '?version='"),
        bad("vault://secret/Db7Key?version=1&version=2", "only one parameter is allowed"),
        bad("vault://secret/Db7Key?version=99999999999999999999", "the version is larger than a 64-bit number"));
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
        Arguments.of(
            Kms.AWS, null, "vault://secret/app/db", new VaultSecret("secret/app/db", NO_GENERATION, NO_FIELD)));
  }

  @ParameterizedTest(name = "[{index}] {0} {2}")
  @MethodSource("validCiphertexts")
  void parseCiphertext_validValue_returnsExactRecord(Kms kms, String key, String value, SecretReference expected)
      throws ReferenceException {
    SecretReference parsed = PARSER.parseCiphertext(VAR, value, kms, environment(key));

    assertThat(parsed).isEqualTo(expected);
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

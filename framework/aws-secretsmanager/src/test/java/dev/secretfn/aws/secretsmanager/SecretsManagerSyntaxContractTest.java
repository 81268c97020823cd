package dev.secretfn.aws.secretsmanager;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The aws-sm:// syntax keeps the contract every syntax keeps, on references in every form: names and complete
 * ARNs of every partition, with no parameter, a version id or a staging label, with and without a field.
 */
class SecretsManagerSyntaxContractTest extends SyntaxContract {
  private static final ReferenceSyntax SYNTAX =
      SecretsManagerContractComponent.of(Map.of()).syntaxes().iterator().next();
  private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/_+=.@-";
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  /** Printable ASCII but the four characters a reference reserves. */
  private static final String LABEL_CHARS = printableAscii().replaceAll("[%?#&]", "");

  private static String printableAscii() {
    StringBuilder chars = new StringBuilder();
    for (char c = '!'; c <= '~'; c++) {
      chars.append(c);
    }
    return chars.toString();
  }

  @Override
  protected ReferenceSyntax syntax() {
    return SYNTAX;
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    Arbitrary<String> name = Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(80);
    Arbitrary<String> arn = Combinators.combine(
        Arbitraries.of("aws", "aws-cn", "aws-us-gov", "aws-iso-b"),
        Arbitraries.of("us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"),
        Arbitraries.strings().numeric().ofLength(12), name,
        Arbitraries.strings().withChars(ALNUM).ofLength(6))
        .as((p, r, a, n, s) -> "arn:" + p + ":secretsmanager:" + r + ":" + a + ":secret:" + n + "-" + s);
    Arbitrary<String> secretId = Arbitraries.oneOf(name, arn);
    Arbitrary<Optional<String>> versionId = Arbitraries.strings().withChars(ALNUM + "-").ofMinLength(32)
        .ofMaxLength(64).optional(0.3);
    Arbitrary<Optional<String>> stage = Arbitraries.oneOf(Arbitraries.of("AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"),
        Arbitraries.strings().withChars(LABEL_CHARS).ofMinLength(1).ofMaxLength(40)).optional(0.3);
    Arbitrary<Optional<String>> field = Arbitraries.strings().ofMinLength(1).ofMaxLength(20)
        .filter(f -> f.chars().allMatch(c -> c >= 0x20 && c != 0x7f && !Character.isSurrogate((char) c)))
        .optional(0.4);
    return Combinators.combine(secretId, versionId, stage, field).as((s, v, l, f) ->
        new SecretsManagerSecret(s, v, v.isPresent() ? Optional.empty() : l, f));
  }
}

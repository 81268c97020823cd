package dev.secretfn.aws.kms;

import dev.secretfn.Environment;
import dev.secretfn.ref.BareCiphertextSyntax;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.util.Base64;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The aws-kms:// syntax keeps the contract every syntax keeps. References come in every form the syntax
 * produces: {@code aws-kms://KEY?ciphertext=...} (key ids, key ARNs, alias names and alias ARNs), {@code
 * aws-kms://?ciphertext=...} without a key, and bare ciphertexts.
 */
class AwsKmsSyntaxContractTest extends SyntaxContract {
  /** The syntax as the module binds it; stateless, so one serves every try. */
  private static final ReferenceSyntax SYNTAX = AwsKmsContractComponent.of(Map.of()).syntaxes().iterator().next();
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  @Override
  protected ReferenceSyntax syntax() {
    return SYNTAX;
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    // Every length modulo 3, so every padding ('', '=', '==') occurs.
    Arbitrary<String> ciphertext = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(600)
        .map(bytes -> Base64.getEncoder().encodeToString(bytes));
    Arbitrary<String> keyPart = Arbitraries.oneOf(keys(), Arbitraries.just(""));
    Arbitrary<SecretReference> written = Combinators.combine(keyPart, ciphertext)
        .as((k, c) -> SYNTAX.parse(ReferenceParts.split(k + "?ciphertext=" + c)));
    Arbitrary<SecretReference> bare = ciphertext.map(c ->
        ((BareCiphertextSyntax) SYNTAX).parseBare(c, Environment.of(Map.of())));
    return Arbitraries.oneOf(written, bare);
  }

  private static Arbitrary<String> keys() {
    Arbitrary<String> uuid = Arbitraries.strings().withChars("0123456789abcdef").ofLength(32).map(h ->
        h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
            + h.substring(20));
    Arbitrary<String> region = Arbitraries.of("us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1");
    Arbitrary<String> account = Arbitraries.strings().numeric().ofLength(12);
    Arbitrary<String> alias = Arbitraries.strings().withChars(ALNUM + "/_-").ofMinLength(1).ofMaxLength(64)
        .map(n -> "alias/" + n);
    return Arbitraries.oneOf(
        uuid,
        Combinators.combine(region, account, uuid).as((r, a, u) -> "arn:aws:kms:" + r + ":" + a + ":key/" + u),
        alias,
        Combinators.combine(region, account, alias).as((r, a, n) -> "arn:aws:kms:" + r + ":" + a + ":" + n));
  }
}

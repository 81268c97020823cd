package dev.secretfn.gcp.kms;

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
 * The gcp-kms:// syntax keeps the contract every syntax keeps. References come in both forms the syntax
 * produces: {@code gcp-kms://KEY?ciphertext=...} and a bare ciphertext with its key in {@code KMS_CRYPTO_KEY_ID}.
 */
class CloudKmsSyntaxContractTest extends SyntaxContract {
  /** The syntax as the module binds it; stateless, so one serves every try. */
  private static final ReferenceSyntax SYNTAX = CloudKmsContractComponent.of(Map.of()).syntaxes().iterator().next();

  @Override
  protected ReferenceSyntax syntax() {
    return SYNTAX;
  }

  @Override
  protected Environment bareEnvironment() {
    return Environment.of(Map.of(GcpKmsSyntax.KEY_VARIABLE,
        "projects/my-project/locations/global/keyRings/app/cryptoKeys/db"));
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    Arbitrary<String> key = Combinators.combine(
            chars("abcdefghijklmnopqrstuvwxyz", 1, 1), chars("abcdefghijklmnopqrstuvwxyz0123456789.:-", 0, 40),
            chars("abcdefghijklmnopqrstuvwxyz0123456789", 1, 1), chars("abcdefghijklmnopqrstuvwxyz0123456789-", 1, 63),
            id(), id())
        .as((first, middle, last, location, ring, name) -> "projects/" + first + middle + last
            + "/locations/" + location + "/keyRings/" + ring + "/cryptoKeys/" + name);
    // Every length modulo 3, so every padding ('', '=', '==') occurs.
    Arbitrary<String> ciphertext = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(600)
        .map(bytes -> Base64.getEncoder().encodeToString(bytes));
    Arbitrary<SecretReference> written = Combinators.combine(key, ciphertext)
        .as((k, c) -> SYNTAX.parse(ReferenceParts.split(k + "?ciphertext=" + c)));
    Arbitrary<SecretReference> bare = Combinators.combine(key, ciphertext).as((k, c) ->
        ((BareCiphertextSyntax) SYNTAX).parseBare(c, Environment.of(Map.of(GcpKmsSyntax.KEY_VARIABLE, k))));
    return Arbitraries.oneOf(written, bare);
  }

  private static Arbitrary<String> id() {
    return chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", 1, 63);
  }

  private static Arbitrary<String> chars(String alphabet, int min, int max) {
    return Arbitraries.strings().withChars(alphabet).ofMinLength(min).ofMaxLength(max);
  }
}

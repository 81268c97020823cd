package dev.secretfn.aws.s3;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** The s3:// syntax keeps the contract every syntax keeps: keys to escape, version ids, fields. */
class S3SyntaxContractTest extends SyntaxContract {
  /** The syntax as the module binds it; stateless, so one serves every try. */
  private static final ReferenceSyntax SYNTAX = S3ContractComponent.of(Map.of()).syntaxes().iterator().next();
  private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";

  @Override
  protected ReferenceSyntax syntax() {
    return SYNTAX;
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    Arbitrary<String> bucket = Combinators.combine(
            chars(LOWER_DIGITS, 1, 1), chars(LOWER_DIGITS + ".-", 1, 61), chars(LOWER_DIGITS, 1, 1))
        .as((first, middle, last) -> first + middle + last)
        .filter(b -> !b.contains(".."));
    Arbitrary<String> key = codePoints().list().ofMinSize(1).ofMaxSize(40).map(S3SyntaxContractTest::string)
        .filter(k -> k.getBytes(StandardCharsets.UTF_8).length <= 1024 && !k.equals(".") && !k.equals(".."));
    Arbitrary<Optional<String>> versionId = chars(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + LOWER_DIGITS + "._+/=-", 1, 200).optional(0.5);
    Arbitrary<Optional<String>> field = codePoints().list().ofMinSize(1).ofMaxSize(30)
        .map(S3SyntaxContractTest::string).optional(0.5);
    return Combinators.combine(bucket, key, versionId, field).as(S3Object::new);
  }

  /** Structural characters, whitespace and every UTF-8 length. */
  private static Arbitrary<Integer> codePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(40, Arbitraries.integers().between(0x20, 0x7e)),
        Tuple.of(15, Arbitraries.of((int) '?', (int) '#', (int) '%', (int) ' ', (int) '/', (int) '&', (int) '=')),
        Tuple.of(8, Arbitraries.integers().between(0x80, 0x7ff)),
        Tuple.of(8, Arbitraries.integers().between(0x800, 0xd7ff)),
        Tuple.of(4, Arbitraries.integers().between(0xe000, 0xffff)),
        Tuple.of(8, Arbitraries.integers().between(0x10000, 0x10ffff)),
        Tuple.of(5, Arbitraries.of(0x85, 0xa0, 0x1680, 0x2000, 0x2028, 0x3000, 0xfeff)));
  }

  private static String string(List<Integer> codePoints) {
    StringBuilder b = new StringBuilder();
    codePoints.forEach(b::appendCodePoint);
    return b.toString();
  }

  private static Arbitrary<String> chars(String alphabet, int min, int max) {
    return Arbitraries.strings().withChars(alphabet).ofMinLength(min).ofMaxLength(max);
  }
}

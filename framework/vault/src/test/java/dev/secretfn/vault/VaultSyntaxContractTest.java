package dev.secretfn.vault;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** The vault:// syntax keeps the contract every syntax keeps: paths, versions, fields to escape. */
class VaultSyntaxContractTest extends SyntaxContract {
  /** The syntax as the module binds it; stateless, so one serves every try. */
  private static final ReferenceSyntax SYNTAX = VaultContractComponent.of(Map.of()).syntaxes().iterator().next();

  @Override
  protected ReferenceSyntax syntax() {
    return SYNTAX;
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    Arbitrary<String> path = Arbitraries.strings()
        .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@:+-")
        .ofMinLength(1).ofMaxLength(30)
        .filter(s -> !s.equals(".") && !s.equals(".."))
        .list().ofMinSize(2).ofMaxSize(5)
        .map(segments -> String.join("/", segments));
    Arbitrary<OptionalLong> version = Arbitraries.longs().between(1, Long.MAX_VALUE).optional(0.5)
        .map(v -> v.isPresent() ? OptionalLong.of(v.get()) : OptionalLong.empty());
    Arbitrary<Optional<String>> field = codePoints().list().ofMinSize(1).ofMaxSize(30)
        .map(VaultSyntaxContractTest::string).optional(0.7);
    return Combinators.combine(path, version, field).as(VaultSecret::new);
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
}

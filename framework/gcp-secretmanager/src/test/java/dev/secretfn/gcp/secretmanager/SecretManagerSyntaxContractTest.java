package dev.secretfn.gcp.secretmanager;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** The gcp-sm:// syntax keeps the contract every syntax keeps: global and regional, numbered and latest. */
class SecretManagerSyntaxContractTest extends SyntaxContract {
  @Override
  protected ReferenceSyntax syntax() {
    return new SecretManagerSyntax();
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    Arbitrary<Optional<String>> location = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
        .ofMinLength(1).ofMaxLength(63).filter(l -> !l.equals("global")).optional();
    Arbitrary<Optional<String>> field = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
        .filter(f -> f.chars().noneMatch(c -> c < 0x20 || c == 0x7f || Character.isSurrogate((char) c)))
        .optional();
    return Combinators.combine(Names.projects(), location, Names.secrets(), Names.versions(), field)
        .as(SecretManagerSecret::new);
  }

  /** Generators of Secret Manager's names, shared with the sm:// contract. */
  static final class Names {
    private Names() {}

    static Arbitrary<String> projects() {
      Arbitrary<String> id = Combinators.combine(chars("abcdefghijklmnopqrstuvwxyz", 1, 1),
              chars("abcdefghijklmnopqrstuvwxyz0123456789.:-", 0, 40), chars("abcdefghijklmnopqrstuvwxyz0123456789", 1, 1))
          .as((a, b, c) -> a + b + c);
      Arbitrary<String> number = Arbitraries.longs().between(1, Long.MAX_VALUE).map(n -> Long.toString(n));
      return Arbitraries.oneOf(id, number);
    }

    static Arbitrary<String> secrets() {
      return chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", 1, 255);
    }

    static Arbitrary<OptionalLong> versions() {
      return Arbitraries.oneOf(Arbitraries.just(OptionalLong.empty()),
          Arbitraries.longs().between(1, Long.MAX_VALUE).map(OptionalLong::of));
    }

    private static Arbitrary<String> chars(String alphabet, int min, int max) {
      return Arbitraries.strings().withChars(alphabet).ofMinLength(min).ofMaxLength(max);
    }
  }
}

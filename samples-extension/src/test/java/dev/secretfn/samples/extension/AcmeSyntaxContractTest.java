package dev.secretfn.samples.extension;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** The acme:// syntax keeps the contract every syntax keeps. */
class AcmeSyntaxContractTest extends SyntaxContract {
  @Override
  protected ReferenceSyntax syntax() {
    return new AcmeSyntax();
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    Arbitrary<String> segment = Arbitraries.strings().withChars("abcxyz0189-_").ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> name = segment.list().ofMinSize(1).ofMaxSize(4).map(s -> String.join("/", s));
    Arbitrary<OptionalLong> version = Arbitraries.longs().between(1, Long.MAX_VALUE)
        .map(OptionalLong::of).injectNull(0.3).map(v -> v == null ? OptionalLong.empty() : v);
    Arbitrary<Optional<String>> field = Arbitraries.strings().ofMinLength(1).ofMaxLength(20)
        .filter(f -> f.chars().noneMatch(c -> c < 0x20 || c == 0x7f || Character.isSurrogate((char) c)))
        .optional();
    return Combinators.combine(name, version, field).as(AcmeSecret::new);
  }
}

package dev.secretfn.aws.ssm;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The ssm:// syntax keeps the contract every syntax keeps, on references of every form: hierarchical and plain
 * names, no selector, a version or a label, with and without a field.
 */
class SsmSyntaxContractTest extends SyntaxContract {
  private static final ReferenceSyntax SYNTAX = SsmContractComponent.of(Map.of()).syntaxes().iterator().next();
  private static final String CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";

  @Override
  protected ReferenceSyntax syntax() {
    return SYNTAX;
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    Arbitrary<String> segment = Arbitraries.strings().withChars(CHARS).ofMinLength(1).ofMaxLength(20)
        .filter(s -> !s.toLowerCase().startsWith("aws") && !s.toLowerCase().startsWith("ssm"));
    Arbitrary<String> hierarchical = segment.list().ofMinSize(1).ofMaxSize(15).map(l -> "/" + String.join("/", l));
    Arbitrary<String> name = Arbitraries.oneOf(segment, hierarchical);
    Arbitrary<OptionalLong> version = Arbitraries.longs().between(1, Long.MAX_VALUE).optional()
        .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
    Arbitrary<Optional<String>> label = Arbitraries.strings().withChars(CHARS).ofMinLength(1).ofMaxLength(100)
        .filter(s -> !Character.isDigit(s.charAt(0)) && !s.toLowerCase().startsWith("aws")
            && !s.toLowerCase().startsWith("ssm"))
        .optional();
    Arbitrary<Optional<String>> field = Arbitraries.strings().ofMinLength(1).ofMaxLength(40)
        .filter(s -> s.chars().noneMatch(c -> c < 0x20 || c == 0x7f || Character.isSurrogate((char) c)))
        .optional();
    return Combinators.combine(name, version, label, field).as((n, v, l, f) ->
        new SsmParameter(n, v, v.isPresent() ? Optional.empty() : l, f));
  }
}

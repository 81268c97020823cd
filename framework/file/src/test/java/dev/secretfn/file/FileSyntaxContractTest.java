package dev.secretfn.file;

import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.SyntaxContract;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The file:// syntax keeps the contract every syntax keeps: absolute paths whose segments hold what references
 * must escape ({@code %}, {@code ?}, {@code #}, trailing spaces), dot-names that are not {@code .} or {@code ..}
 * (Kubernetes' {@code ..data}), every UTF-8 length; fields likewise.
 */
class FileSyntaxContractTest extends SyntaxContract {
  @Override
  protected ReferenceSyntax syntax() {
    return new FileSyntax();
  }

  @Override
  protected Arbitrary<? extends SecretReference> references() {
    Arbitrary<String> segment = codePoints().filter(c -> c != '/').list().ofMinSize(1).ofMaxSize(20)
        .map(FileSyntaxContractTest::string)
        .filter(s -> !s.equals(".") && !s.equals("..") && s.getBytes(StandardCharsets.UTF_8).length <= 255);
    Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(6).map(s -> "/" + String.join("/", s));
    Arbitrary<Optional<String>> field = codePoints().list().ofMinSize(1).ofMaxSize(30)
        .map(FileSyntaxContractTest::string).optional(0.5);
    return Combinators.combine(path, field).as(MountedFile::of);
  }

  /** Structural characters, dots, whitespace and every UTF-8 length; no controls, which no path may hold. */
  private static Arbitrary<Integer> codePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(40, Arbitraries.integers().between(0x20, 0x7e)),
        Tuple.of(15, Arbitraries.of((int) '?', (int) '#', (int) '%', (int) ' ', (int) '.', (int) '&', (int) '=')),
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

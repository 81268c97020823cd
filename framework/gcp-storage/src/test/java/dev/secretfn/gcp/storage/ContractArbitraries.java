package dev.secretfn.gcp.storage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Valid parts of gs:// and berglas:// references for the syntax contracts, rich in characters that need escaping. */
final class ContractArbitraries {
  private static final String LOWER_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789";

  private ContractArbitraries() {}

  static Arbitrary<String> buckets() {
    return Combinators.combine(chars(LOWER_DIGITS, 1, 1), chars(LOWER_DIGITS + "._-", 1, 60), chars(LOWER_DIGITS, 1, 1))
        .as((first, middle, last) -> first + middle + last)
        .filter(b -> !b.contains(".."));
  }

  /** 1 to 1024 bytes of UTF-8: structural characters, whitespace, every UTF-8 length, now and then a long one. */
  static Arbitrary<String> objectNames() {
    Arbitrary<List<Integer>> usual = codePoints().list().ofMinSize(1).ofMaxSize(40);
    Arbitrary<List<Integer>> rare = codePoints().list().ofMinSize(200).ofMaxSize(400);
    return Arbitraries.frequencyOf(Tuple.of(19, usual), Tuple.of(1, rare))
        .map(ContractArbitraries::string)
        .filter(n -> n.getBytes(StandardCharsets.UTF_8).length <= 1024 && !n.equals(".") && !n.equals(".."));
  }

  static Arbitrary<Optional<String>> fields() {
    return codePoints().list().ofMinSize(1).ofMaxSize(30).map(ContractArbitraries::string).optional(0.5);
  }

  static Arbitrary<OptionalLong> generations() {
    return Arbitraries.longs().between(1, Long.MAX_VALUE).optional(0.5)
        .map(g -> g.isPresent() ? OptionalLong.of(g.get()) : OptionalLong.empty());
  }

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

package dev.secretfn.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile JSON for field selection: mutated, truncated, non-UTF-8, deeply nested, huge, with duplicate keys
 * spelled through escapes. Every call terminates quickly and either returns the field or throws {@link
 * JsonFields.JsonShapeException} whose message quotes neither the payload nor the canary in it.
 */
class JsonFieldsPropertiesTest {
  private static final String FIELD = "password";
  private static final Duration BOUND = Duration.ofSeconds(5);

  /** A canary that no fixed message contains: random hex behind a marker. */
  private static String canary(Random random) {
    byte[] nonce = new byte[8];
    random.nextBytes(nonce);
    return "CANARY" + HexFormat.of().formatHex(nonce);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Valid documents: the exact value comes out, however it is spelled
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 3000)
  void select_anyStringValueAnySpelling_returnsExactUtf8(
      @ForAll("unicodeStrings") String value, @ForAll("otherMembers") List<String> others, @ForAll long seed)
      throws Exception {
    Random random = new Random(seed);
    List<String> members = new ArrayList<>(others);
    members.add(random.nextInt(members.size() + 1), quote(FIELD, random) + " : " + quote(value, random));
    byte[] json = ("{" + String.join(",", members) + "}").getBytes(UTF_8);

    byte[] selected = bounded(() -> JsonFields.select(json, FIELD));

    assertThat(selected).isEqualTo(value.getBytes(UTF_8));
  }

  /** The same member twice, the second spelled with escapes, is a duplicate: no "last one wins". */
  @Property(tries = 1000)
  void select_duplicateKeySpelledWithEscapes_isRejected(@ForAll("unicodeStrings") String value, @ForAll long seed) {
    Random random = new Random(seed);
    String canary = canary(random);
    byte[] json = ("{\"" + FIELD + "\":\"" + canary + "\"," + quote(FIELD, random) + ":" + quote(value, random) + "}")
        .getBytes(UTF_8);

    assertShapeError(json, canary).contains("more than once");
  }

  // ---------------------------------------------------------------------------------------------------------
  // Mutated documents: a value or a shape error, nothing else
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 5000)
  void select_mutatedDocument_returnsOrThrowsShapeErrorWithoutCanary(
      @ForAll("mutations") List<int[]> mutations, @ForAll long seed) {
    Random random = new Random(seed);
    String canary = canary(random);
    byte[] json = mutate(document(canary, random).getBytes(UTF_8), mutations);

    try {
      byte[] selected = bounded(() -> JsonFields.select(json, FIELD));
      assertThat(selected).isNotNull();
    } catch (JsonFields.JsonShapeException e) {
      assertThat(e.getMessage()).doesNotContain(canary).doesNotContain("CANARY");
    }
  }

  @Property(tries = 2000)
  void select_invalidUtf8AnywhereInADocument_isRejectedAsNotUtf8(
      @ForAll("invalidUtf8") byte[] bad, @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll long seed) {
    Random random = new Random(seed);
    String canary = canary(random);
    byte[] valid = document(canary, random).getBytes(UTF_8);
    int position = at % (valid.length + 1);
    byte[] json = new byte[valid.length + bad.length];
    System.arraycopy(valid, 0, json, 0, position);
    System.arraycopy(bad, 0, json, position, bad.length);
    System.arraycopy(valid, position, json, position + bad.length, valid.length - position);

    assertShapeError(json, canary).contains("not valid UTF-8");
  }

  @Property(tries = 2000)
  void select_arbitraryBytes_returnsOrThrowsShapeError(@ForAll("arbitraryBytes") byte[] json) {
    try {
      bounded(() -> JsonFields.select(json, FIELD));
    } catch (JsonFields.JsonShapeException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Depth and size
  // ---------------------------------------------------------------------------------------------------------

  @Property(tries = 500)
  void select_nestingOfAnyDepth_acceptedUpToTheLimitRejectedBeyond(
      @ForAll @IntRange(min = 1, max = 20_000) int depth, @ForAll long seed) throws Exception {
    Random random = new Random(seed);
    String canary = canary(random);
    StringBuilder open = new StringBuilder();
    StringBuilder close = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      boolean object = random.nextBoolean();
      open.append(object ? "{\"k\":" : "[");
      close.insert(0, object ? '}' : ']');
    }
    byte[] json = ("{\"" + FIELD + "\":\"" + canary + "\",\"deep\":" + open + "1" + close + "}").getBytes(UTF_8);

    if (depth < JsonFields.MAX_DEPTH) {
      assertThat(new String(bounded(() -> JsonFields.select(json, FIELD)), UTF_8)).isEqualTo(canary);
    } else {
      assertShapeError(json, canary).contains("nesting deeper than " + JsonFields.MAX_DEPTH);
    }
  }

  @Example
  void select_hugeDocumentsOfEveryShape_answerWithinTheBound() throws Exception {
    Random random = new Random(42);
    String canary = canary(random);
    String padding = "x".repeat(1 << 20);
    List<String> documents = List.of(
        "{\"a\":\"" + padding + "\",\"" + FIELD + "\":\"" + canary + "\"}",                    // 1 MiB string
        "{" + "\"k\":1,".repeat(200_000) + "\"" + FIELD + "\":\"" + canary + "\"}",             // 200k members
        "{\"a\":[" + "0,".repeat(300_000) + "0],\"" + FIELD + "\":\"" + canary + "\"}",         // 300k numbers
        "{\"" + FIELD + "\":\"" + "\\u00e9".repeat(200_000) + canary + "\"}",                    // 200k escapes
        "{\"" + FIELD + "\":\"" + canary + "\",\"a\":\"" + padding);                            // unterminated
    for (String document : documents) {
      byte[] json = document.getBytes(UTF_8);
      long start = System.nanoTime();
      try {
        byte[] selected = bounded(() -> JsonFields.select(json, FIELD));
        assertThat(new String(selected, UTF_8)).endsWith(canary);
      } catch (JsonFields.JsonShapeException e) {
        assertThat(e.getMessage()).doesNotContain(canary).doesNotContain("xxxx");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Helpers and generators
  // ---------------------------------------------------------------------------------------------------------

  private interface Call<T> {
    T call() throws JsonFields.JsonShapeException;
  }

  /** Runs {@code call} under the time bound; a hang fails the property instead of the build. */
  private static <T> T bounded(Call<T> call) throws JsonFields.JsonShapeException {
    Object[] result = new Object[1];
    JsonFields.JsonShapeException[] error = new JsonFields.JsonShapeException[1];
    assertTimeoutPreemptively(BOUND, () -> {
      try {
        result[0] = call.call();
      } catch (JsonFields.JsonShapeException e) {
        error[0] = e;
      }
    });
    if (error[0] != null) {
      throw error[0];
    }
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }

  private static org.assertj.core.api.AbstractStringAssert<?> assertShapeError(byte[] json, String canary) {
    try {
      byte[] selected = bounded(() -> JsonFields.select(json, FIELD));
      throw new AssertionError("selected " + selected.length + " bytes from a document that must be rejected");
    } catch (JsonFields.JsonShapeException e) {
      return assertThat(e.getMessage()).doesNotContain(canary).doesNotContain("CANARY");
    }
  }

  /** A JSON string literal of {@code s}, each character written plainly or escaped at random. */
  static String quote(String s, Random random) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(cp -> {
      boolean mustEscape = cp == '"' || cp == '\\' || cp < 0x20;
      if (mustEscape || random.nextInt(4) == 0) {
        switch (cp) {
          case '"': out.append("\\\""); return;
          case '\\': out.append("\\\\"); return;
          case '\n': out.append(random.nextBoolean() ? "\\n" : "\\u000a"); return;
          case '/': out.append("\\/"); return;
          default:
            for (char c : Character.toChars(cp)) {
              out.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            }
            return;
        }
      }
      out.appendCodePoint(cp);
    });
    return out.append('"').toString();
  }

  /** A realistic secret document with the canary as the password and members of every kind around it. */
  private static String document(String canary, Random random) {
    return "{\"username\":\"orders-app\", \"" + FIELD + "\" : \"" + canary + "\",\n \"port\": 5432, \"tls\": true,"
        + " \"replicas\": [\"a\", {\"b\": null}, -1.5e3], \"note\": " + quote("é \"q\" \uD83D\uDD11", random) + "}";
  }

  /** Each mutation: {kind, position, byte}; kinds: truncate, insert, delete, replace, duplicate a slice. */
  private static byte[] mutate(byte[] in, List<int[]> mutations) {
    byte[] out = in;
    for (int[] m : mutations) {
      int n = out.length;
      int p = n == 0 ? 0 : m[1] % (n + 1);
      switch (m[0]) {
        case 0:
          out = Arrays.copyOf(out, p);
          break;
        case 1: {
          byte[] next = new byte[n + 1];
          System.arraycopy(out, 0, next, 0, p);
          next[p] = (byte) m[2];
          System.arraycopy(out, p, next, p + 1, n - p);
          out = next;
          break;
        }
        case 2:
          if (p < n) {
            byte[] next = new byte[n - 1];
            System.arraycopy(out, 0, next, 0, p);
            System.arraycopy(out, p + 1, next, p, n - p - 1);
            out = next;
          }
          break;
        case 3:
          if (p < n) {
            out = out.clone();
            out[p] = (byte) m[2];
          }
          break;
        default: {
          int len = Math.min(n - p, 1 + m[2] % 16);
          byte[] next = new byte[n + len];
          System.arraycopy(out, 0, next, 0, p + len);
          System.arraycopy(out, p, next, p + len, n - p);
          out = next;
        }
      }
    }
    return out;
  }

  @Provide
  Arbitrary<List<int[]>> mutations() {
    Arbitrary<Integer> structural = Arbitraries.of((int) '"', (int) '\\', (int) '{', (int) '}', (int) '[', (int) ']',
        (int) ':', (int) ',', (int) 'u', (int) '0', (int) ' ', 0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xe2, 0xf0, 0xff);
    Arbitrary<Integer> bytes = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, structural), net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255)));
    return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 10_000)
            .withoutEdgeCases(), bytes)
        .as((kind, position, b) -> new int[] {kind, position, b})
        .list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> unicodeStrings() {
    return Arbitraries.strings().all().ofMaxLength(40).filter(s -> s.codePoints().noneMatch(
        cp -> Character.getType(cp) == Character.SURROGATE));
  }

  @Provide
  Arbitrary<List<String>> otherMembers() {
    Arbitrary<String> value = Arbitraries.of("1", "-0.5e-3", "true", "false", "null", "[]", "{}", "[1,[2,{\"a\":3}]]",
        "\"" + FIELD + "x\"", "{\"" + FIELD + "\":1}");
    Arbitrary<String> key = Arbitraries.of("a", FIELD + " ", FIELD.toUpperCase(), "pass\\u0077ordX", "", "p");
    return Combinators.combine(key, value).as((k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(6);
  }

  /** Byte sequences that are never valid UTF-8, wherever they are put. */
  @Provide
  Arbitrary<byte[]> invalidUtf8() {
    return Arbitraries.of(
        new byte[] {(byte) 0xff}, new byte[] {(byte) 0xc0, (byte) 0x80}, new byte[] {(byte) 0xed, (byte) 0xa0,
            (byte) 0x80}, new byte[] {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        new byte[] {(byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x28, (byte) 0xa1},
        new byte[] {(byte) 0xf0, (byte) 0x82, (byte) 0x82, (byte) 0xac}, new byte[] {(byte) 0xc3});
  }

  @Provide
  Arbitrary<byte[]> arbitraryBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
  }
}

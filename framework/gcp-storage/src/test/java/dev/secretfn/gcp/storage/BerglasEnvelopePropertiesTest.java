package dev.secretfn.gcp.storage;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.secretfn.Step;
import dev.secretfn.gcp.storage.BerglasEnvelope;
import dev.secretfn.spi.SourceException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile Berglas bodies: truncated, tampered, re-encoded, padded, with foreign bytes, opened with wrong data
 * keys. The decoder either yields exactly the sealed plaintext (AES-GCM authenticates every byte that matters)
 * or a {@link SourceException} at DECODE or DECRYPT whose message holds neither the plaintext nor the data key;
 * never a partial value, another exception type or a hang.
 */
class BerglasEnvelopePropertiesTest {
  private static final String WHERE = "berglas://bucket/api-key";
  private static final Duration BOUND = Duration.ofSeconds(5);

  /** A sealed secret and what must never show: the plaintext (with a canary) and the data key. */
  record Sealed(String body, byte[] dataKey, byte[] plaintext, String canary) {
    static Sealed make(long seed, int size) {
      Random random = new Random(seed);
      byte[] dataKey = new byte[32];
      random.nextBytes(dataKey);
      byte[] nonce = new byte[4];
      random.nextBytes(nonce);
      String canary = "CANARY" + HexFormat.of().formatHex(nonce);
      byte[] filler = new byte[size];
      random.nextBytes(filler);
      byte[] plaintext = concat(canary.getBytes(UTF_8), filler);
      byte[] wrappedKey = new byte[1 + random.nextInt(120)];
      random.nextBytes(wrappedKey);
      try {
        return new Sealed(BerglasEnvelopeTest.goStyleBody(wrappedKey, dataKey, plaintext), dataKey, plaintext, canary);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Property(tries = 5000)
  void parseAndOpen_mutatedBody_yieldsExactPlaintextOrDocumentedError(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int size, @ForAll("mutations") List<int[]> mutations) {
    Sealed sealed = Sealed.make(seed, size);
    byte[] body = mutate(sealed.body().getBytes(US_ASCII), mutations);

    Outcome outcome = open(body, sealed.dataKey());

    assertOutcome(outcome, sealed);
  }

  @Property(tries = 2000)
  void parseAndOpen_sealedPartTamperedAtAnyBit_failsAtDecrypt(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int size, @ForAll @IntRange(min = 0) int bit) {
    Sealed sealed = Sealed.make(seed, size);
    int colon = sealed.body().indexOf(':');
    byte[] part = Base64.getDecoder().decode(sealed.body().substring(colon + 1));
    int at = bit % (part.length * 8);
    part[at / 8] ^= (byte) (1 << (at % 8));
    String body = sealed.body().substring(0, colon + 1) + Base64.getEncoder().encodeToString(part);

    Outcome outcome = open(body.getBytes(US_ASCII), sealed.dataKey());

    assertOutcome(outcome, sealed);
    assertThat(outcome.error).as("tampering must not go unnoticed").isNotNull();
    assertThat(outcome.error.step()).isEqualTo(Step.DECRYPT);
  }

  @Property(tries = 2000)
  void parseAndOpen_truncatedAtAnyLength_failsWithoutPlaintext(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int size, @ForAll @IntRange(min = 0) int cut) {
    Sealed sealed = Sealed.make(seed, size);
    byte[] full = sealed.body().getBytes(US_ASCII);
    int length = cut % full.length; // strictly shorter than the body

    Outcome outcome = open(Arrays.copyOf(full, length), sealed.dataKey());

    assertOutcome(outcome, sealed);
    // Cutting only '=' padding leaves the same bytes (the JDK decoder accepts unpadded input); anything else fails.
    if (!sealed.body().substring(length).matches("=+")) {
      assertThat(outcome.error).isNotNull();
    }
  }

  /** A data key of the wrong length or value (e.g. KMS unwrapped with other additional data) never opens it. */
  @Property(tries = 1000)
  void open_wrongDataKey_failsAtDecryptOrDecode(
      @ForAll long seed, @ForAll("keyLengths") int keyLength) {
    Sealed sealed = Sealed.make(seed, 16);
    byte[] wrongKey = new byte[keyLength];
    new Random(~seed).nextBytes(wrongKey);

    Outcome outcome = open(sealed.body().getBytes(US_ASCII), wrongKey);

    assertOutcome(outcome, sealed);
    assertThat(outcome.error).isNotNull();
    assertThat(outcome.error.step()).isEqualTo(keyLength == 32 ? Step.DECRYPT : Step.DECODE);
  }

  @Property(tries = 1000)
  void parse_arbitraryBytes_failsAtDecodeOrParses(@ForAll("arbitraryBodies") byte[] body) {
    Outcome outcome = open(body, new byte[32]);

    if (outcome.error != null) {
      assertThat(outcome.error.step()).isIn(Step.DECODE, Step.DECRYPT);
      assertThat(outcome.error.getMessage()).startsWith(WHERE);
    }
  }

  /** What one decode produced: the plaintext, or the error. */
  private static final class Outcome {
    byte[] plaintext;
    SourceException error;
  }

  /** Parses and opens under the time bound; any exception other than SourceException fails the property. */
  private static Outcome open(byte[] body, byte[] dataKey) {
    Outcome outcome = new Outcome();
    assertTimeoutPreemptively(BOUND, () -> {
      try {
        BerglasEnvelope envelope = BerglasEnvelope.parse(body, WHERE);
        try {
          outcome.plaintext = envelope.open(dataKey, WHERE);
        } finally {
          envelope.wipe();
        }
      } catch (SourceException e) {
        outcome.error = e;
      }
    });
    return outcome;
  }

  private static void assertOutcome(Outcome outcome, Sealed sealed) {
    if (outcome.error == null) {
      assertThat(outcome.plaintext).as("a body that opens yields exactly the sealed plaintext")
          .isEqualTo(sealed.plaintext());
      Statistics.label("outcome").collect("opened, identical");
      return;
    }
    Statistics.label("outcome").collect("failed at " + outcome.error.step());
    assertThat(outcome.error.step()).isIn(Step.DECODE, Step.DECRYPT);
    String text = outcome.error.getMessage() + outcome.error.hint().orElse("");
    assertThat(text).startsWith(WHERE)
        .doesNotContain(sealed.canary())
        .doesNotContain(HexFormat.of().formatHex(sealed.dataKey()))
        .doesNotContain(Base64.getEncoder().encodeToString(sealed.dataKey()));
  }

  /** Each mutation: {kind, position, byte}; kinds: truncate, insert, delete, replace, duplicate a slice. */
  private static byte[] mutate(byte[] in, List<int[]> mutations) {
    byte[] out = in;
    for (int[] m : mutations) {
      int n = out.length;
      int p = m[1] % (n + 1);
      switch (m[0]) {
        case 0:
          out = Arrays.copyOf(out, p);
          break;
        case 1:
          out = concat(concat(Arrays.copyOf(out, p), new byte[] {(byte) m[2]}), Arrays.copyOfRange(out, p, n));
          break;
        case 2:
          if (p < n) {
            out = concat(Arrays.copyOf(out, p), Arrays.copyOfRange(out, p + 1, n));
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
          out = concat(Arrays.copyOf(out, p + len), Arrays.copyOfRange(out, p, n));
        }
      }
    }
    return out;
  }

  @Provide
  Arbitrary<List<int[]>> mutations() {
    Arbitrary<Integer> special = Arbitraries.of((int) ':', (int) '=', (int) '\n', (int) '\r', (int) '+', (int) '/',
        (int) '-', (int) '_', (int) 'A', (int) ' ', 0x00, 0x80, 0xc3, 0xff);
    Arbitrary<Integer> bytes = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, special), net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255)));
    return Combinators.combine(Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 100_000).withoutEdgeCases(), bytes)
        .as((kind, position, b) -> new int[] {kind, position, b})
        .list().ofMinSize(1).ofMaxSize(3);
  }

  /** Mostly 32 bytes (a key that unwrapped, but the wrong one), else any length up to 64. */
  @Provide
  Arbitrary<Integer> keyLengths() {
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(32)),
        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 64)));
  }

  @Provide
  Arbitrary<byte[]> arbitraryBodies() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> twoParts = Combinators.combine(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(80), Arbitraries.bytes().array(byte[].class).ofMaxSize(80))
        .as((a, b) -> (Base64.getEncoder().encodeToString(a) + ":" + Base64.getEncoder().encodeToString(b))
            .getBytes(US_ASCII));
    return Arbitraries.oneOf(raw, twoParts);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}

package dev.secretfn.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.aws.kms.AwsKmsCiphertext;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.SecretReference;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile base64 wherever an AWS KMS ciphertext arrives in a variable (bare {@code Kms.AWS} ciphertexts and
 * the {@code ?ciphertext=} of {@code aws-kms://}): whatever is accepted
 * decodes to exactly one byte string whose canonical encoding is the accepted text, so no lenient decoder ever
 * turns a damaged value into other bytes; everything else is a {@link ReferenceException} naming the variable,
 * never quoting the value, in bounded time.
 */
class AwsBase64PropertiesTest {
  private static final String VAR = "DB_PASS";
  private static final Duration BOUND = Duration.ofSeconds(5);

  @Property(tries = 5000)
  void parse_mutatedCiphertextInEveryForm_acceptsOnlyCanonicalBase64(
      @ForAll("mutatedBase64") String base64, @ForAll("forms") String form) {
    String value = form.replace("@", base64);
    SecretReference parsed;
    try {
      parsed = bounded(form, value);
    } catch (ReferenceException e) {
      assertThat(e.variable()).isEqualTo(VAR);
      assertThat(e.getMessage()).startsWith(VAR + ": ");
      if (base64.length() >= 8) {
        assertThat(e.getMessage()).doesNotContain(base64);
      }
      Statistics.label("outcome").collect("rejected");
      return;
    }
    byte[] bytes = ((AwsKmsCiphertext) parsed).ciphertext();
    assertThat(Base64.getEncoder().encodeToString(bytes)).isEqualTo(base64);
    Statistics.label("outcome").collect("accepted");
    assertThat(parsed.describe()).doesNotContain(base64.length() >= 8 ? base64 : "\0");
  }

  @Property(tries = 300)
  void parse_hugeCiphertextAroundTheLimit_acceptedUpTo65536CharactersRejectedBeyond(
      @ForAll("hugeBase64") String base64, @ForAll("forms") String form) {
    String value = form.replace("@", base64);
    try {
      SecretReference parsed = bounded(form, value);
      assertThat(base64.length()).isLessThanOrEqualTo(65536);
      assertThat(parsed.describe()).hasSizeLessThan(300);
    } catch (ReferenceException e) {
      assertThat(base64.length() > 65536 || value.length() > 65536 + 200).as(e.getMessage()).isTrue();
      assertThat(e.getMessage()).hasSizeLessThan(500);
    }
  }

  /** Parses under the time bound; a hang fails the property instead of the build. */
  private static SecretReference bounded(String form, String value) throws ReferenceException {
    Object[] out = new Object[1];
    assertTimeoutPreemptively(BOUND, () -> {
      try {
        out[0] = parse(form, value);
      } catch (ReferenceException e) {
        out[0] = e;
      }
    });
    if (out[0] instanceof ReferenceException) {
      throw (ReferenceException) out[0];
    }
    return (SecretReference) out[0];
  }

  private static SecretReference parse(String form, String value) throws ReferenceException {
    if (form.equals("@ ")) { // bare AWS form; the marker space is not part of the value
      return AwsReferencesTest.PARSER.parseCiphertext(
          VAR, value.substring(0, value.length() - 1), Kms.AWS, Environment.of(Map.of()));
    }
    return AwsReferencesTest.PARSER.parse(VAR, value);
  }

  @Provide
  Arbitrary<String> forms() {
    return Arbitraries.of("@ ", "aws-kms://?ciphertext=@", "aws-kms://alias/app?ciphertext=@");
  }

  /** Base64 of random bytes, then damaged as copy-paste, shells and hand edits damage it. */
  @Provide
  Arbitrary<String> mutatedBase64() {
    Arbitrary<String> canonical = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300)
        .map(b -> Base64.getEncoder().encodeToString(b));
    Arbitrary<String> edit = Arbitraries.of("", "\n", "\r\n", " ", "=", "==", "-", "_", "%2B", "+", "/", "A", "*",
        "\u00e9", "\u0000", "\t");
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 6);
    Arbitrary<Integer> position = Arbitraries.integers().between(0, Integer.MAX_VALUE).withoutEdgeCases();
    Arbitrary<String> damaged = Combinators.combine(canonical, kind, position, edit).as((b, k, p, e) -> {
      StringBuilder s = new StringBuilder(b);
      int at = p % (s.length() + 1);
      switch (k) {
        case 0: return s.insert(at, e).toString();                                   // stray characters
        case 1: return at < s.length() ? s.replace(at, at + 1, e).toString() : b;    // one character replaced
        case 2: return b.replace("=", "");                                           // padding stripped
        case 3: return Base64.getUrlEncoder().encodeToString(Base64.getDecoder().decode(b)); // URL-safe alphabet
        case 4: return Base64.getMimeEncoder().encodeToString(Base64.getDecoder().decode(b)); // wrapped at 76
        case 5: return nonCanonicalPadding(b);                                       // unused bits set
        default: return s.substring(0, at);                                          // truncated
      }
    });
    return Arbitraries.frequencyOf(Tuple.of(1, canonical), Tuple.of(6, damaged));
  }

  /** Sets the unused low bits of the last character before the padding, if there are any. */
  private static String nonCanonicalPadding(String b) {
    int pad = b.endsWith("==") ? 2 : b.endsWith("=") ? 1 : 0;
    if (pad == 0) {
      return b;
    }
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int last = b.length() - pad - 1;
    int value = alphabet.indexOf(b.charAt(last)) | 1;
    return b.substring(0, last) + alphabet.charAt(value) + b.substring(last + 1);
  }

  @Provide
  Arbitrary<String> hugeBase64() {
    return Arbitraries.integers().between(48_000, 49_500).map(n -> {
      byte[] bytes = new byte[n];
      Arrays.fill(bytes, (byte) (n & 0x7f));
      return Base64.getEncoder().encodeToString(bytes);
    });
  }

}

package dev.secretfn.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.secretfn.Kms;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.SecretReference;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Oversized hostile references: valid gcp-kms://, gs:// and berglas:// references with a long run of one structural or
 * encoded character spliced in (up to 300,000 characters, far past any limit an environment allows). The
 * parser must answer in bounded time, with a reference or a {@link ReferenceException}, and an error message
 * of bounded size that does not quote the input.
 */
class GcpReferenceHostileInputTest {
  private static final String VAR = "API_KEY";
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final String TOKEN = "Zq7TokenXy9";

  @Property(tries = 400)
  void parse_hugeSplicedRun_answersInBoundedTimeWithBoundedMessage(
      @ForAll("references") String reference, @ForAll("runs") String run, @ForAll("positions") int position) {
    int at = position % (reference.length() + 1);
    String value = reference.substring(0, at) + TOKEN + run + reference.substring(at);
    Object[] outcome = new Object[1];

    assertTimeoutPreemptively(BOUND, () -> {
      try {
        outcome[0] = GcpReferencesTest.PARSER.parse(VAR, value);
      } catch (ReferenceException e) {
        outcome[0] = e;
      }
      try {
        GcpReferencesTest.PARSER.parseCiphertext(VAR, value, Kms.GCP,
            GcpReferencesTest.environment("projects/my-project/locations/global/keyRings/app/cryptoKeys/db"));
      } catch (ReferenceException e) {
        assertThat(e.getMessage()).doesNotContain(TOKEN).hasSizeLessThan(1000);
      }
    });

    if (outcome[0] instanceof ReferenceException) {
      ReferenceException e = (ReferenceException) outcome[0];
      assertThat(e.variable()).isEqualTo(VAR);
      assertThat(e.getMessage()).startsWith(VAR + ": ").doesNotContain(TOKEN).hasSizeLessThan(1000);
      Statistics.label("outcome").collect("rejected");
    } else {
      SecretReference parsed = (SecretReference) outcome[0];
      assertThat(parsed).isNotNull();
      Statistics.label("outcome").collect("accepted " + parsed.scheme());
    }
  }

  @Provide
  Arbitrary<String> references() {
    return Arbitraries.of(
        "gcp-kms://projects/my-project/locations/global/keyRings/app/cryptoKeys/db?ciphertext=CiQAbWF0ZXJpYWw=",
        "gs://my-secrets/app/db.json?generation=1712345678901234#password",
        "berglas://my-secrets/api-key#1712345678901234");
  }

  /** One character or escape, repeated: the shapes that stress scanners, regexes and percent-decoding. */
  @Provide
  Arbitrary<String> runs() {
    Arbitrary<String> unit = Arbitraries.of("A", "/", "?", "#", "%", "%2F", "%C3%A9", "%FF", "=", "+", ".", "..",
        "/..", " ", "\u00e9", "\uD83D\uDD11", "a/", "-", "_", ":", "&x=", "\u0000");
    return Combinators.combine(unit, Arbitraries.integers().between(1, 100_000))
        .as((u, n) -> u.repeat(Math.max(1, Math.min(n, 300_000 / u.length()))));
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE).withoutEdgeCases();
  }
}

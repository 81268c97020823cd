package dev.secretfn.testing.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmulatorKnobsTest {
  private final EmulatorKnobs knobs = new EmulatorKnobs();

  @Test
  void plannedFaults_areTakenInCallOrder() {
    knobs.failNext(1, 503);
    knobs.resetNext(1);
    knobs.truncateNext(1);
    knobs.failNext(2, 429);

    assertThat(knobs.takeFault().status()).isEqualTo(503);
    assertThat(knobs.takeFault().isReset()).isTrue();
    assertThat(knobs.takeFault().isTruncation()).isTrue();
    assertThat(knobs.takeFault().status()).isEqualTo(429);
    assertThat(knobs.takeFault().status()).isEqualTo(429);
    assertThat(knobs.takeFault()).isNull();
  }

  @Test
  void corruptNextChecksum_countsAddUp() {
    knobs.corruptNextChecksum(2);
    knobs.corruptNextChecksum(1);

    assertThat(knobs.takeChecksumCorruption()).isTrue();
    assertThat(knobs.takeChecksumCorruption()).isTrue();
    assertThat(knobs.takeChecksumCorruption()).isTrue();
    assertThat(knobs.takeChecksumCorruption()).isFalse();
  }

  @Test
  void deny_matchesByPrefix() {
    knobs.deny("bucket/private/");

    assertThat(knobs.denies("bucket/private/key")).isTrue();
    assertThat(knobs.denies("bucket/public/key")).isFalse();
    assertThat(knobs.denies("bucket/private")).isFalse();
  }

  @Test
  void reset_clearsEveryKnob() throws InterruptedException {
    knobs.latency(Duration.ofSeconds(30));
    knobs.failNext(3, 500);
    knobs.resetNext(1);
    knobs.corruptNextChecksum(1);
    knobs.deny("x");

    knobs.reset();

    long start = System.nanoTime();
    knobs.pause();
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(1).toNanos());
    assertThat(knobs.takeFault()).isNull();
    assertThat(knobs.takeChecksumCorruption()).isFalse();
    assertThat(knobs.denies("x")).isFalse();
    assertThat(knobs).hasToString(
        "EmulatorKnobs[latency=PT0S, plannedFaults=[], checksumCorruptions=0, denied=[]]");
  }

  @Test
  void invalidSettings_rejectedWithTheAllowedValues() {
    assertThatThrownBy(() -> knobs.failNext(1, 418)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("httpStatus must be one of 400, 401, 403, 404, 409, 412, 429, 500, 501, 503, 504, got 418");
    assertThatThrownBy(() -> knobs.failNext(0, 503)).hasMessage("count must be at least 1, got 0");
    assertThatThrownBy(() -> knobs.resetNext(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> knobs.truncateNext(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> knobs.corruptNextChecksum(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> knobs.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> knobs.latency(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> knobs.deny("")).isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The targets as numbers: the limit itself meets a target, one more does not. */
class TargetsTest {
  @Test
  void t1_isEmptyPlus250PlusOneRoundTrip() {
    assertThat(Targets.T1_MS).isEqualTo(280);
    assertThat(Targets.t1(Optional.of(280L)).status()).isEqualTo("met");
    assertThat(Targets.t1(Optional.of(281L)).status()).isEqualTo("**not met**");
    assertThat(Targets.t1(Optional.of(-5L)).status()).isEqualTo("met");
    assertThat(Targets.t1(Optional.of(212L)).millis()).isEqualTo("+212 ms");
  }

  @Test
  void t2_isHalfARoundTrip() {
    assertThat(Targets.T2_MS).isEqualTo(15);
    assertThat(Targets.t2(Optional.of(15L)).status()).isEqualTo("met");
    assertThat(Targets.t2(Optional.of(16L)).status()).isEqualTo("**not met**");
    assertThat(Targets.t2(Optional.of(-3L)).millis()).isEqualTo("-3 ms");
  }

  @Test
  void t3_isEightMegabytesOfTenToTheSixBytes() {
    assertThat(Targets.t3(8_000_000).status()).isEqualTo("met");
    assertThat(Targets.t3(8_000_001).status()).isEqualTo("**not met**");
  }

  @Test
  void anyTarget_withoutItsScenarios_isNotMeasured() {
    assertThat(Targets.t1(Optional.empty()).status()).isEqualTo("not measured");
    assertThat(Targets.t2(Optional.empty()).millis()).isEqualTo("not measured");
  }
}

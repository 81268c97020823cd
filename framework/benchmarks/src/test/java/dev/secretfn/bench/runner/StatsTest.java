package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
    Stats.Summary summary = Stats.of(List.of(900L, 310L, 450L, 1200L, 400L, 420L, 405L));
    assertThat(summary.median()).isEqualTo(420);
    assertThat(summary.min()).isEqualTo(310);
    assertThat(summary.max()).isEqualTo(1200);
    assertThat(summary.count()).isEqualTo(7);
    assertThat(summary.medianMinMax()).isEqualTo("420 (310–1200)");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValuesRoundedDown() {
    assertThat(Stats.of(List.of(4L, 1L, 3L, 2L)).median()).isEqualTo(2);
    assertThat(Stats.of(List.of(10L, 20L)).median()).isEqualTo(15);
    assertThat(Stats.of(List.of(7L)).median()).isEqualTo(7);
  }

  @Test
  void noValuesIsAnError() {
    assertThatThrownBy(() -> Stats.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tablesAreMarkdownWithEscapedPipes() {
    String table = Stats.table(List.of("scenario", "ms"),
        List.of(List.of("empty", "400"), List.of("a | b", "12")));
    assertThat(table).isEqualTo("| scenario | ms |\n|---|---|\n| empty | 400 |\n| a \\| b | 12 |\n");
  }

  @Test
  void aRowOfTheWrongWidthIsAnError() {
    assertThatThrownBy(() -> Stats.table(List.of("a", "b"), List.of(List.of("1"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizesAndDifferencesAreFormattedForTheReport() {
    assertThat(Stats.megabytes(21_301_302)).isEqualTo("21.30");
    assertThat(Stats.signed(12)).isEqualTo("+12");
    assertThat(Stats.signed(-3)).isEqualTo("-3");
    assertThat(Stats.signed(0)).isEqualTo("0");
  }
}

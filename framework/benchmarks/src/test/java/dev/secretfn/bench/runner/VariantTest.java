package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a run's settings name its section of docs/benchmarks.md. */
class VariantTest {
  @Test
  void id_noOptionsNoCds_isDefaultFlags() {
    Variant variant = new Variant(List.of(), false);

    assertThat(variant.id()).isEqualTo("default");
    assertThat(variant.title()).isEqualTo("Default flags");
    assertThat(variant.switches()).isEmpty();
  }

  @Test
  void id_tieredStopAtLevel1_isC1_andWithCdsAppCdsC1() {
    Variant c1 = new Variant(List.of("-XX:TieredStopAtLevel=1"), false);
    Variant appCds = new Variant(List.of("-XX:TieredStopAtLevel=1"), true);

    assertThat(c1.id()).isEqualTo("c1");
    assertThat(c1.title()).isEqualTo("C1 (-XX:TieredStopAtLevel=1)");
    assertThat(c1.switches()).isEqualTo(" -Dbench.jvmOptions=-XX:TieredStopAtLevel=1");
    assertThat(appCds.id()).isEqualTo("appcds-c1");
    assertThat(appCds.title()).isEqualTo("AppCDS + C1");
    assertThat(appCds.switches()).isEqualTo(" -Dbench.jvmOptions=-XX:TieredStopAtLevel=1 -Dbench.cds=true");
  }

  @Test
  void id_otherCombination_isNamedAndTitledByItsSettings() {
    Variant more = new Variant(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto"), false);
    Variant cdsOnly = new Variant(List.of(), true);

    assertThat(more.id()).isEqualTo("jvmOptions=-XX:TieredStopAtLevel=1 -Xshare:auto cds=false");
    assertThat(more.title()).isEqualTo("JVM options -XX:TieredStopAtLevel=1 -Xshare:auto");
    assertThat(more.switches()).isEqualTo(" -Dbench.jvmOptions=\"-XX:TieredStopAtLevel=1 -Xshare:auto\"");
    assertThat(cdsOnly.id()).isEqualTo("jvmOptions= cds=true");
    assertThat(cdsOnly.title()).isEqualTo("AppCDS, no extra JVM options");
    assertThat(new Variant(List.of("-Xshare:auto"), true).title()).isEqualTo("AppCDS, JVM options -Xshare:auto");
  }

  @Test
  void rank_knownVariantsFirstInTheirOrder_othersAfter() {
    assertThat(List.of("default", "c1", "appcds-c1", "jvmOptions= cds=true")).extracting(Variant::rank)
        .containsExactly(0, 1, 2, 3);
  }

  @Test
  void create_optionEndingAnHtmlComment_fails() {
    assertThatThrownBy(() -> new Variant(List.of("-Dx=-->"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-->");
  }
}

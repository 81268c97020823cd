package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a run's settings name its section of docs/benchmarks.md. */
class VariantTest {
  @Test
  void id_noOptionsNoArchiveOnJdk17_isDefaultFlags() {
    Variant variant = new Variant(List.of(), Archive.NONE);

    assertThat(variant.jdk()).isEqualTo(17);
    assertThat(variant.id()).isEqualTo("default");
    assertThat(variant.title()).isEqualTo("Default flags, JDK 17");
    assertThat(variant.switches()).isEmpty();
  }

  @Test
  void id_tieredStopAtLevel1_isC1_andWithCdsAppCdsC1() {
    Variant c1 = new Variant(List.of("-XX:TieredStopAtLevel=1"), Archive.NONE);
    Variant appCds = new Variant(List.of("-XX:TieredStopAtLevel=1"), Archive.APPCDS);

    assertThat(c1.id()).isEqualTo("c1");
    assertThat(c1.title()).isEqualTo("C1 (-XX:TieredStopAtLevel=1), JDK 17");
    assertThat(c1.switches()).isEqualTo(" -Dbench.jvmOptions=-XX:TieredStopAtLevel=1");
    assertThat(appCds.id()).isEqualTo("appcds-c1");
    assertThat(appCds.title()).isEqualTo("AppCDS + C1, JDK 17");
    assertThat(appCds.switches()).isEqualTo(" -Dbench.jvmOptions=-XX:TieredStopAtLevel=1 -Dbench.cds=true");
  }

  @Test
  void id_otherCombination_isNamedAndTitledByItsSettings() {
    Variant more = new Variant(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto"), Archive.NONE);
    Variant cdsOnly = new Variant(List.of(), Archive.APPCDS);

    assertThat(more.id()).isEqualTo("jvmOptions=-XX:TieredStopAtLevel=1 -Xshare:auto cds=false");
    assertThat(more.title()).isEqualTo("JVM options -XX:TieredStopAtLevel=1 -Xshare:auto, JDK 17");
    assertThat(more.switches()).isEqualTo(" -Dbench.jvmOptions=\"-XX:TieredStopAtLevel=1 -Xshare:auto\"");
    assertThat(cdsOnly.id()).isEqualTo("jvmOptions= cds=true");
    assertThat(cdsOnly.title()).isEqualTo("AppCDS, no extra JVM options, JDK 17");
    assertThat(new Variant(List.of("-Xshare:auto"), Archive.APPCDS).title())
        .isEqualTo("AppCDS, JVM options -Xshare:auto, JDK 17");
  }

  @Test
  void id_jdk25_prefixesTheSameNames_andTheSwitchNamesTheJdk() {
    Variant jdk25 = new Variant(List.of(), Archive.NONE, 25);
    Variant c1 = new Variant(List.of("-XX:TieredStopAtLevel=1"), Archive.NONE, 25);
    Variant other = new Variant(List.of("-Xshare:off"), Archive.NONE, 21);

    assertThat(jdk25.id()).isEqualTo("jdk25-default");
    assertThat(jdk25.title()).isEqualTo("Default flags, JDK 25");
    assertThat(jdk25.switches()).isEqualTo(" -Dbench.jdk=$JDK25_HOME");
    assertThat(c1.id()).isEqualTo("jdk25-c1");
    assertThat(c1.switches()).isEqualTo(" -Dbench.jdk=$JDK25_HOME -Dbench.jvmOptions=-XX:TieredStopAtLevel=1");
    assertThat(other.id()).isEqualTo("jdk21-jvmOptions=-Xshare:off cds=false");
    assertThat(other.title()).isEqualTo("JVM options -Xshare:off, JDK 21");
  }

  @Test
  void id_aotOnJdk25_isAot_andItsSwitches() {
    Variant aot = new Variant(List.of(), Archive.AOT, 25);
    Variant aotC1 = new Variant(List.of("-XX:TieredStopAtLevel=1"), Archive.AOT, 25);
    Variant aotMore = new Variant(List.of("-Xshare:auto"), Archive.AOT, 26);

    assertThat(aot.id()).isEqualTo("jdk25-aot");
    assertThat(aot.title()).isEqualTo("AOT cache, JDK 25");
    assertThat(aot.switches()).isEqualTo(" -Dbench.jdk=$JDK25_HOME -Dbench.aot=true");
    assertThat(aotC1.id()).isEqualTo("jdk25-aot-c1");
    assertThat(aotC1.title()).isEqualTo("AOT cache + C1, JDK 25");
    assertThat(aotMore.id()).isEqualTo("jdk26-jvmOptions=-Xshare:auto cds=false aot=true");
    assertThat(aotMore.title()).isEqualTo("AOT cache, JVM options -Xshare:auto, JDK 26");
  }

  @Test
  void create_aotBeforeJdk25_failsNamingTheSwitchToUse() {
    assertThatThrownBy(() -> new Variant(List.of(), Archive.AOT, 17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dbench.aot=true")
        .hasMessageContaining("JDK 25 or later")
        .hasMessageContaining("run on JDK 17")
        .hasMessageContaining("-Dbench.jdk=");
    assertThatThrownBy(() -> new Variant(List.of(), Archive.AOT, 21)).hasMessageContaining("run on JDK 21");
  }

  @Test
  void archive_cdsAndAotTogether_fails() {
    assertThatThrownBy(() -> Archive.of(true, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dbench.cds=true and -Dbench.aot=true");
    assertThat(List.of(Archive.of(false, false), Archive.of(true, false), Archive.of(false, true)))
        .containsExactly(Archive.NONE, Archive.APPCDS, Archive.AOT);
  }

  @Test
  void rank_byJdk_thenKnownVariantsInTheirOrder_thenOthers() {
    List<String> ids = List.of("default", "c1", "appcds-c1", "jvmOptions= cds=true", "jdk21-default",
        "jdk25-default", "jdk25-c1", "jdk25-aot", "jdk25-jvmOptions=-Xshare:off cds=false");

    assertThat(ids).isSortedAccordingTo(java.util.Comparator.comparingInt(Variant::rank));
    assertThat(Variant.rank("jdk25-aot")).isLessThan(Variant.rank("jdk25-jvmOptions=-Xshare:off cds=false"));
    assertThat(Variant.rank("jvmOptions= cds=true")).isLessThan(Variant.rank("jdk21-default"));
  }

  @Test
  void create_optionEndingAnHtmlComment_fails() {
    assertThatThrownBy(() -> new Variant(List.of("-Dx=-->"), Archive.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-->");
  }
}

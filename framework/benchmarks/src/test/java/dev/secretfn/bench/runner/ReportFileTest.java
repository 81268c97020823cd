package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.bench.runner.ColdStartBenchmark.Start;
import dev.secretfn.bench.runner.Scenario.Kind;
import dev.secretfn.bench.runner.Scenario.Runtime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/benchmarks.md as sections: a run replaces its own and keeps the others byte for byte, in a stable order. */
class ReportFileTest {
  private static final Variant DEFAULT = new Variant(List.of(), Archive.NONE);
  private static final Variant C1 = new Variant(List.of("-XX:TieredStopAtLevel=1"), Archive.NONE);
  private static final Variant APPCDS_C1 = new Variant(List.of("-XX:TieredStopAtLevel=1"), Archive.APPCDS);
  private static final Variant OTHER = new Variant(List.of("-Xshare:off"), Archive.NONE);
  private static final Variant ANOTHER = new Variant(List.of(), Archive.APPCDS);
  private static final Variant JDK25 = new Variant(List.of(), Archive.NONE, 25);
  private static final Variant JDK25_AOT = new Variant(List.of(), Archive.AOT, 25);

  @TempDir
  Path dir;

  @Test
  void write_twoSectionsThenOneReplaced_keepsTheOtherByteForByteAndTheOrder() throws Exception {
    Path file = dir.resolve("docs/benchmarks.md");
    ReportFile.write(file, section(C1, "C1 (-XX:TieredStopAtLevel=1)", "first C1 run", "gcf-ten@30=919"));
    // Hand-made oddities (trailing spaces, no blank line before the end marker) must survive as they are.
    ReportFile.write(file, new ReportFile.Section("default",
        "## Default flags\n\n<!-- medians (ms): gcf-ten@30=1314 -->\n\nold figures   \n| a | b |"
            + "\n"));
    String before = Files.readString(file, StandardCharsets.UTF_8);

    ReportFile.write(file, section(C1, "C1 (-XX:TieredStopAtLevel=1)", "second C1 run", "gcf-ten@30=900"));

    String after = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(region(after, "default")).isEqualTo(region(before, "default"))
        .contains("old figures   \n| a | b |\n<!-- end variant: default -->");
    assertThat(region(after, "c1")).contains("second C1 run").doesNotContain("first C1 run");
    assertThat(after.indexOf("<!-- begin variant: default -->"))
        .isLessThan(after.indexOf("<!-- begin variant: c1 -->"));
    assertThat(ReportFile.sections(after)).extracting(ReportFile.Section::id).containsExactly("default", "c1");
  }

  @Test
  void replace_variantsWrittenInAnyOrder_knownFirstThenOthersInTheOrderFirstWritten() {
    String text = "";
    for (Variant variant : List.of(JDK25_AOT, OTHER, APPCDS_C1, C1, JDK25, ANOTHER, DEFAULT)) {
      text = ReportFile.replace(text, section(variant, variant.title(), "run 1", ""));
    }
    text = ReportFile.replace(text, section(OTHER, OTHER.title(), "run 2", ""));

    assertThat(ReportFile.sections(text)).extracting(ReportFile.Section::id)
        .containsExactly("default", "c1", "appcds-c1", OTHER.id(), ANOTHER.id(), "jdk25-default", "jdk25-aot");
    assertThat(ReportFile.replace(text, section(OTHER, OTHER.title(), "run 2", ""))).isEqualTo(text);
  }

  @Test
  void replace_anySection_regeneratesTheFrameAroundTheSections() {
    String text = ReportFile.replace("", section(DEFAULT, "Default flags", "figures", "gcf-ten@30=1314"));

    assertThat(text).startsWith("# Benchmarks\n\n").contains("[cold-start.md](cold-start.md)")
        .contains("-Dbench.jvmOptions=-XX:TieredStopAtLevel=1 -Dbench.cds=true")
        .contains("# AOT cache, JDK 25\n" + ColdStartBenchmark.COMMAND + " -Dbench.jdk=$JDK25_HOME -Dbench.aot=true\n")
        .contains("`gcf-sm-ten-official` reads `gcf-sm-ten`'s versions through google-cloud-secretmanager's")
        .contains("`lambda-ssm-ten-official` `lambda-ssm-ten`'s parameters through the AWS SDK's `SsmClient`")
        .contains("the managed-store ones from its `gcf-managed` and `lambda-managed` jars, which hold no KMS or")
        .endsWith("(after the Lambda client's own `-XX:TieredStopAtLevel=1`, so they win).\n");
  }

  @Test
  void summary_mediansLines_oneRowPerSectionAt30ms_subsetColumnsInRotationOrder() {
    String text = "";
    text = ReportFile.replace(text, section(C1, "C1 (-XX:TieredStopAtLevel=1)", "",
        "gcf-empty@0=343 gcf-empty@30=346 gcf-ten@0=881 gcf-ten@30=919"));
    text = ReportFile.replace(text, section(DEFAULT, "Default flags", "",
        "gcf-empty@0=476 gcf-empty@30=515 gcf-one@30=1167 gcf-ten@30=1314 lambda-ten@30=1013"));
    text = ReportFile.replace(text, section(JDK25, "Default flags, JDK 25", "",
        "gcf-empty@30=400 gcf-floor@30=450 gcf-ten@30=700 gcf-ten-official@30=1100"));

    assertThat(ReportFile.summary(ReportFile.sections(text))).contains(
        "| variant | `gcf-empty` | `gcf-floor` | `gcf-one` | `gcf-ten` | `gcf-ten-official` | `lambda-ten` |\n"
            + "|---|---|---|---|---|---|---|\n"
            + "| Default flags | 515 | – | 1167 | 1314 | – | 1013 |\n"
            + "| C1 (-XX:TieredStopAtLevel=1) | 346 | – | – | 919 | – | – |\n"
            + "| Default flags, JDK 25 | 400 | 450 | – | 700 | 1100 | – |\n");
    assertThat(text.indexOf("## Medians at 30 ms")).isLessThan(text.indexOf("<!-- begin variant:"));
  }

  @Test
  void summary_noMediansLines_isLeftOut() {
    assertThat(ReportFile.summary(List.of(new ReportFile.Section("default", "## Default flags\n")))).isEmpty();
  }

  @Test
  void sections_beginWithoutEnd_fails() {
    String text = "<!-- begin variant: c1 -->\n## C1\n<!-- begin variant: default -->\n## D\n"
        + "<!-- end variant: default -->\n";

    assertThatThrownBy(() -> ReportFile.sections(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'c1'").hasMessageContaining("<!-- end variant: c1 -->");
  }

  @Test
  void sections_sameVariantTwice_fails() {
    String one = "<!-- begin variant: c1 -->\n## C1\n<!-- end variant: c1 -->\n";

    assertThatThrownBy(() -> ReportFile.sections(one + one)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void check_fileWithoutSections_failsBeforeTheRun_andMissingOrSectionedFilesPass() throws Exception {
    Path old = Files.writeString(dir.resolve("old.md"), "# Benchmarks\n\nwhole-file report\n");
    Path sectioned = dir.resolve("new.md");
    ReportFile.write(sectioned, section(DEFAULT, "Default flags", "", "gcf-ten@30=1314"));

    assertThatThrownBy(() -> ReportFile.check(old)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Dbench.output");
    ReportFile.check(sectioned);
    ReportFile.check(dir.resolve("absent.md"));
  }

  @Test
  void check_brokenMediansLine_fails() throws Exception {
    Path file = dir.resolve("broken.md");
    ReportFile.write(file, section(DEFAULT, "Default flags", "", "gcf-ten@30=1314"));
    Files.writeString(file, Files.readString(file).replace("gcf-ten@30=1314", "gcf-ten@30=fast"));

    assertThatThrownBy(() -> ReportFile.check(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gcf-ten@30=fast");
  }

  @Test
  void section_subsetRun_saysSoInItsHeader_andItsMediansReadBack() {
    Path jar = Path.of("bench-gcf.jar");
    Scenario empty = new Scenario(Runtime.GCF, Kind.EMPTY, "E", Map.of(), jar);
    Scenario ten = new Scenario(Runtime.GCF, Kind.TEN, "T", Map.of(), jar);
    Scenario one = new Scenario(Runtime.GCF, Kind.ONE, "O", Map.of(), jar);
    Report report = new Report(3, 10, Path.of("."), C1);
    for (long ms : List.of(300L, 340L, 320L)) {
      for (int latency : ColdStartBenchmark.LATENCIES) {
        report.add(empty, latency, new Start(ms + latency, Optional.empty(), Optional.empty(), ""));
        report.add(ten, latency, new Start(ms + 500 + latency, Optional.of(400L), Optional.of(420L), ""));
      }
    }

    ReportFile.Section section = report.section(List.of(empty, ten), List.of(empty, one, ten));

    assertThat(section.id()).isEqualTo("c1");
    assertThat(section.body()).startsWith("## C1 (-XX:TieredStopAtLevel=1), JDK 17\n")
        .contains("| scenarios (`-Dbench.scenarios`) | a subset: `gcf-empty`, `gcf-ten`;")
        .contains("| extra JVM options (`-Dbench.jvmOptions`) | `-XX:TieredStopAtLevel=1` |")
        .contains("| T2 GCF: 10 secrets vs 1 secret | ≤ +15 ms (0.5 round trip) | not measured | not measured |"
            + " not built | – |")
        .endsWith("|\n");
    assertThat(ReportFile.medians(section)).containsExactly(Map.entry("gcf-empty@0", 320L),
        Map.entry("gcf-empty@30", 350L), Map.entry("gcf-ten@0", 820L), Map.entry("gcf-ten@30", 850L));
  }

  /** A section as Report writes one: heading, medians line, body. */
  private static ReportFile.Section section(Variant variant, String title, String text, String medians) {
    return ReportFile.Section.of(variant, "## " + title + "\n\n<!-- medians (ms): " + medians + " -->\n\n"
        + text + "\n");
  }

  /** A section's lines in a file, markers included. */
  private static String region(String text, String id) {
    int begin = text.indexOf(ReportFile.beginMarker(id));
    String end = ReportFile.endMarker(id);
    return text.substring(begin, text.indexOf(end, begin) + end.length());
  }
}

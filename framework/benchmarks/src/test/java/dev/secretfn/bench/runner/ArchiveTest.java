package dev.secretfn.bench.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The flags of the two archive recipes: a training start writes the file, every later start maps it. */
class ArchiveTest {
  private static final Path DIR = Path.of("target", "aot");

  @Test
  void aot_trainsWithAotCacheOutput_andRequiresTheCacheAfter() {
    Path file = Archive.AOT.file(DIR, "gcf-ten");

    assertThat(file).isEqualTo(DIR.resolve("gcf-ten.aot"));
    assertThat(Archive.AOT.trainingFlags(file)).containsExactly("-XX:AOTCacheOutput=" + file);
    assertThat(Archive.AOT.flags(file)).containsExactly("-XX:AOTMode=on", "-XX:AOTCache=" + file);
  }

  @Test
  void appCds_trainsWithArchiveClassesAtExit_andMapsTheArchiveAfter() {
    Path file = Archive.APPCDS.file(DIR, "lambda-one");

    assertThat(file).isEqualTo(DIR.resolve("lambda-one.jsa"));
    assertThat(Archive.APPCDS.trainingFlags(file)).containsExactly("-XX:ArchiveClassesAtExit=" + file);
    assertThat(Archive.APPCDS.flags(file)).containsExactly("-XX:SharedArchiveFile=" + file);
  }

  @Test
  void none_addsNoFlags_andHasNoFile() {
    assertThat(Archive.NONE.flags(DIR)).isEmpty();
    assertThat(Archive.NONE.trainingFlags(DIR)).isEmpty();
    assertThatThrownBy(() -> Archive.NONE.file(DIR, "gcf-ten")).isInstanceOf(IllegalStateException.class);
  }
}

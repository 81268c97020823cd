package dev.secretfn.bench.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * A run's start-up archive recipe: none, AppCDS ({@code -Dbench.cds=true}, JDK 13+) or the AOT cache ({@code
 * -Dbench.aot=true}, JEPs 483/514/515, JDK 25+). Either way one training start per scenario writes the archive
 * against the emulators (so no real secret can reach it), then every timed start of that scenario maps it.
 */
enum Archive {
  NONE("no", ""),
  APPCDS("AppCDS", ".jsa"),
  AOT("AOT cache", ".aot");

  private final String label;
  private final String suffix;

  Archive(String label, String suffix) {
    this.label = label;
    this.suffix = suffix;
  }

  /** {@code -Dbench.cds} and {@code -Dbench.aot} as one recipe; both at once is refused. */
  static Archive of(boolean cds, boolean aot) {
    if (cds && aot) {
      throw new IllegalArgumentException("-Dbench.cds=true and -Dbench.aot=true are two recipes for the same"
          + " thing: choose one");
    }
    return aot ? AOT : cds ? APPCDS : NONE;
  }

  String label() {
    return label;
  }

  /** The scenario's archive file under {@code dir}. */
  Path file(Path dir, String scenarioId) {
    if (this == NONE) {
      throw new IllegalStateException("no archive without a recipe");
    }
    return dir.resolve(scenarioId + suffix);
  }

  /** The flags of the training start, which writes {@code file} when the JVM exits. */
  List<String> trainingFlags(Path file) {
    return switch (this) {
      case NONE -> List.of();
      case APPCDS -> List.of("-XX:ArchiveClassesAtExit=" + file);
      // JEP 514's one step: the JVM records at exit, then a child JVM assembles the cache.
      case AOT -> List.of("-XX:AOTCacheOutput=" + file);
    };
  }

  /**
   * The flags of a start that maps {@code file}. The AOT cache is required ({@code -XX:AOTMode=on}): a cache the
   * JVM cannot use fails the start instead of being measured as if it had been used.
   */
  List<String> flags(Path file) {
    return switch (this) {
      case NONE -> List.of();
      case APPCDS -> List.of("-XX:SharedArchiveFile=" + file);
      case AOT -> List.of("-XX:AOTMode=on", "-XX:AOTCache=" + file);
    };
  }
}

package dev.secretfn.samples.gcf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The deployable jar that the shade plugin built: exactly what a deployment of the samples carries. */
final class FunctionJar {
  private FunctionJar() {}

  static String of(Path buildDir) throws IOException {
    try (Stream<Path> files = Files.list(buildDir)) {
      return files.map(Path::toString)
          .filter(name -> name.endsWith("-function.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no *-function.jar in " + buildDir
              + ": the end-to-end tests run after 'package' (./mvnw verify)"));
    }
  }
}

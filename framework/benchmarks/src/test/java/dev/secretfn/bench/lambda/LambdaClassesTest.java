package dev.secretfn.bench.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Lambda jar carries no Guava, but Guava is on this module's compile class path (the GCF stores bring it),
 * and Dagger writes Guava's collections into a component when it is: a Lambda scenario would then fail at start-up
 * with NoClassDefFoundError. Caught here instead of in a benchmark run.
 */
class LambdaClassesTest {
  @Test
  void lambdaScenarioClasses_compiled_referenceNoGuava() throws Exception {
    Path classes = Path.of(UnplannedSource.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("dev/secretfn/bench/lambda");
    List<Path> files;
    try (Stream<Path> list = Files.list(classes)) {
      files = list.filter(p -> p.toString().endsWith(".class")).toList();
    }

    assertThat(files).extracting(p -> p.getFileName().toString()).contains("DaggerSsmStore.class",
        "DaggerSeparateSsmTenSecretsComponent.class");
    for (Path file : files) {
      assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
          .as(file.getFileName().toString()).doesNotContain("com/google/common/");
    }
  }
}

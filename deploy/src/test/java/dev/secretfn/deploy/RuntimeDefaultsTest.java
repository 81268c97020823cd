package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deploy defaults run the functions on a newer Java runtime than the one they are compiled for: the class
 * files stay at release 17, so a team that keeps java17 can, and the runtime can move on without a rebuild.
 * Why java21 and not java25: docs/cold-start.md, "Java runtime".
 */
class RuntimeDefaultsTest {
  private static final Path ROOT = Platform.MODULE.getParent();
  private static final Pattern RELEASE = Pattern.compile("<(?:maven\\.compiler\\.)?release>([^<]*)</");

  @Test
  void deployDefaults_nameTheSameJavaRuntimeOnBothClouds() throws IOException {
    AwsTemplateTest.load(); // its functions' merged properties, whichever test class ran first
    assertThat(AwsTemplateTest.function("ApiGatewayFunction").get("Runtime"))
        .isEqualTo(DeployFunctionTest.DEFAULT_RUNTIME);
    assertThat(AwsTemplateTest.function("OrdersStreamFunction").get("Runtime"))
        .isEqualTo(DeployFunctionTest.DEFAULT_RUNTIME);
    assertThat(Integer.parseInt(DeployFunctionTest.DEFAULT_RUNTIME.substring("java".length())))
        .isGreaterThan(17);
  }

  @Test
  void everyPom_compilesForRelease17() throws IOException {
    List<Path> poms;
    try (Stream<Path> walk = Files.walk(ROOT)) {
      poms = walk.filter(p -> p.getFileName().toString().equals("pom.xml"))
          .filter(p -> !ROOT.relativize(p).toString().contains("target"))
          .filter(p -> !ROOT.relativize(p).startsWith(".git"))
          .collect(Collectors.toList());
    }
    assertThat(poms).hasSizeGreaterThan(10);
    int releases = 0;
    for (Path pom : poms) {
      Matcher release = RELEASE.matcher(Files.readString(pom, UTF_8));
      while (release.find()) {
        assertThat(release.group(1)).as("the release in %s", ROOT.relativize(pom)).isEqualTo("17");
        releases++;
      }
    }
    assertThat(releases).as("the parent pom sets the release").isPositive();
  }
}

package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs shellcheck over every shell script under deploy/ and fails on any finding, style notes included. The
 * binary comes from Maven Central, unpacked by the build into target/shellcheck, never from PATH. A missing
 * shellcheck is a failure, not a skip: a check that silently does not run proves nothing.
 */
class ShellcheckTest {
  private static final Path MODULE = Platform.MODULE;

  @Test
  void shellcheck_findsNothingInAnyDeployScript() throws IOException, InterruptedException {
    List<Path> scripts = shellScripts();
    assertThat(scripts)
        .as("shell scripts found under %s", MODULE)
        .contains(Platform.COMMON.resolve("lib.sh"), Platform.GCP.scripts.resolve("lib.sh"),
            Platform.GCP.scripts.resolve("put-berglas-secret.sh"),
            Platform.GCP.scripts.resolve("put-secret-manager-secret.sh"), Platform.AWS.scripts.resolve("lib.sh"),
            Platform.AWS.scripts.resolve("deploy.sh"), Platform.AWS.scripts.resolve("put-ssm-parameter.sh"));

    List<String> command = new ArrayList<>(
        List.of(shellcheck(), "--external-sources", "--severity=style", "--format=gcc"));
    scripts.forEach(p -> command.add(p.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(output).as("shellcheck findings").isEmpty();
    assertThat(process.exitValue()).as("shellcheck exit status").isZero();
  }

  /** Files ending in .sh, and files whose first line is a shell shebang, outside build output. */
  static List<Path> shellScripts() throws IOException {
    try (Stream<Path> files = Files.walk(MODULE)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !MODULE.relativize(p).startsWith("target"))
          .filter(p -> p.toString().endsWith(".sh") || hasShellShebang(p))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static boolean hasShellShebang(Path file) {
    try {
      byte[] head = new byte[64];
      int n;
      try (var in = Files.newInputStream(file)) {
        n = in.read(head);
      }
      String first = n <= 0 ? "" : new String(head, 0, n, UTF_8).lines().findFirst().orElse("");
      return first.matches("#!.*\\b(ba|da|k|z)?sh\\b.*");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The shellcheck binary that the build unpacked from the dev.dimlight:shellcheck-maven-plugin jar into
   * target/shellcheck (see deploy/pom.xml), as an absolute path: PATH is never searched, so an installed
   * shellcheck neither helps nor interferes.
   */
  private static String shellcheck() throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("secretfn.shellcheck.dir", MODULE.resolve("target/shellcheck").toString()))
        .toAbsolutePath();
    List<Path> binaries;
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        binaries = files
            .filter(Files::isRegularFile)
            .filter(p -> List.of("shellcheck", "shellcheck.exe").contains(p.getFileName().toString()))
            .sorted()
            .collect(Collectors.toList());
      }
    } else {
      binaries = List.of();
    }
    if (binaries.size() != 1) {
      return fail(String.format(
          "expected one shellcheck binary under %s, found %s. The deploy module's build unpacks it from"
              + " dev.dimlight:shellcheck-maven-plugin in generate-test-resources for Linux x86_64 and aarch64,"
              + " macOS and Windows (this JVM: os.name=%s, os.arch=%s); run './mvnw -B -pl deploy -am verify'.",
          dir, binaries, System.getProperty("os.name"), System.getProperty("os.arch")));
    }
    Path binary = binaries.get(0);
    // The jar keeps no file modes, so the unpacked binary is not executable yet.
    if (!Files.isExecutable(binary) && !binary.toFile().setExecutable(true)) {
      return fail("cannot make " + binary + " executable");
    }
    Process probe = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
    probe.getOutputStream().close();
    String version = new String(probe.getInputStream().readAllBytes(), UTF_8);
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).as("%s --version finishes", binary).isTrue();
    assertThat(probe.exitValue()).as("%s --version exit status; it printed:%n%s", binary, version).isZero();
    return binary.toString();
  }
}

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
 * Runs shellcheck over every shell script under deploy/ and fails on any finding, style notes included. A
 * missing shellcheck is a failure, not a skip: a check that silently does not run proves nothing.
 */
class ShellcheckTest {
  private static final Path MODULE = Platform.MODULE;

  @Test
  void shellcheck_findsNothingInAnyDeployScript() throws IOException, InterruptedException {
    List<Path> scripts = shellScripts();
    assertThat(scripts)
        .as("shell scripts found under %s", MODULE)
        .contains(Platform.COMMON.resolve("lib.sh"), Platform.GCP.scripts.resolve("lib.sh"),
            Platform.GCP.scripts.resolve("put-berglas-secret.sh"), Platform.AWS.scripts.resolve("lib.sh"),
            Platform.AWS.scripts.resolve("deploy.sh"));

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

  private static String shellcheck() {
    try {
      Process probe = new ProcessBuilder("shellcheck", "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
        return "shellcheck";
      }
    } catch (IOException e) {
      // not installed: fall through to the failure below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return fail(
        "shellcheck is not installed, and the deploy scripts must pass it. Install it with"
            + " 'apt-get install -y shellcheck' (Debian/Ubuntu; CI's .ci/run must do this),"
            + " 'brew install shellcheck' (macOS) or 'dnf install ShellCheck' (Fedora), then run the tests again.");
  }
}

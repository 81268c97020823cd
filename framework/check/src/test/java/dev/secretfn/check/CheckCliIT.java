package dev.secretfn.check;

import static dev.secretfn.check.FunctionFixture.GCS;
import static dev.secretfn.check.FunctionFixture.required;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded cli jar, as a deploy script runs it: {@code java -jar secretfn-check-cli.jar ...}. */
class CheckCliIT {
  static final Path CLI = Path.of(System.getProperty("secretfn.check.cli", "target/none-cli.jar"));
  static final String CANARY = "CANARY-cli-jar-77e2";

  @TempDir Path dir;

  @Test
  void javaJar_reportsAndExitsWithTheStatus() throws Exception {
    Path jar = FunctionFixture.in(dir).secrets("app.S", required("A"), required("B"))
        .component("app.C", "app.S", GCS).jar(dir.resolve("f.jar"));
    Path env = Files.writeString(dir.resolve("f.env"), "A=" + CANARY + "\nB=gs://secrets/b\n", UTF_8);

    Result result = run("--jar", jar.toString(), "--env-file", env.toString());

    assertThat(result.status).isEqualTo(1);
    assertThat(result.out.lines()).containsExactly(
        "secretfn check: component app.C against env file " + env + ": 2 declared secrets",
        "ERROR A: holds no reference (no scheme://) and is not declared encrypted: it looks like a plaintext"
            + " secret, which must never be in a deployment's variables; fix: store the secret"
            + " (deploy/gcp/put-*-secret.sh, deploy/aws/put-*-secret.sh) or encrypt it (encrypt-env.sh), and set A"
            + " to the reference or ciphertext",
        "WARNING B: reads gs://secrets/b at whatever version is current when an instance starts, so a new version"
            + " reaches every new instance at once, with no rollout; fix: pin a version (see docs/references.md)",
        "1 error, 1 warning");
    assertThat(result.out + result.err).doesNotContain(CANARY);
  }

  @Test
  void javaJar_helpAndUsageErrors() throws Exception {
    assertThat(run("--help").status).isZero();
    Result missing = run("--jar", dir.resolve("nope.jar").toString(), "--env-file", "x.env");
    assertThat(missing.status).isEqualTo(2);
    assertThat(missing.err).contains("does not exist");
  }

  @Test
  void cliJar_isExecutable_andTheLibraryJarStaysUnshaded() throws IOException {
    try (JarFile cli = new JarFile(CLI.toFile())) {
      assertThat(cli.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(CheckMain.class.getName());
      assertThat(cli.getEntry("dev/secretfn/ref/ReferenceParser.class")).isNotNull();
      assertThat(cli.getEntry("org/yaml/snakeyaml/Yaml.class")).isNotNull();
    }
    Path library = CLI.resolveSibling(CLI.getFileName().toString().replace("-cli.jar", ".jar"));
    try (JarFile jar = new JarFile(library.toFile())) {
      assertThat(jar.getEntry("dev/secretfn/check/CheckMain.class")).isNotNull();
      assertThat(jar.getEntry("dev/secretfn/ref/ReferenceParser.class")).isNull();
    }
  }

  private static Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", CLI.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("check-out", ".txt");
    Path err = Files.createTempFile("check-err", ".txt");
    try {
      Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      int status = process.waitFor();
      return new Result(status, Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  private static final class Result {
    final int status;
    final String out;
    final String err;

    Result(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }
  }
}

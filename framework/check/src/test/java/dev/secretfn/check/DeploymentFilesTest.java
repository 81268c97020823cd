package dev.secretfn.check;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The env file and env-vars YAML readers: what they take, and errors that name the line but never a value. */
class DeploymentFilesTest {
  static final String CANARY = "CANARY-file-value-0c77";

  @TempDir Path dir;

  @Test
  void envFile_readsAsDeployFunctionShDoes() throws Exception {
    Path file = write("a.env", "# comment\r\n\r\nA=gs://b/o?x=1=2\r\nB=\nC= spaced \n#D=skipped\n");

    Deployment deployment = EnvFile.read(file);

    assertThat(deployment.variables()).containsOnlyKeys("A", "B", "C");
    assertThat(deployment.variables().get("A").text()).contains("gs://b/o?x=1=2");
    assertThat(deployment.variables().get("B").text()).contains("");
    assertThat(deployment.variables().get("C").text()).contains(" spaced ");
    assertThat(deployment.source()).isEqualTo("env file " + file);
  }

  @Test
  void envFile_errorsNameTheLine_notTheValue() throws Exception {
    assertThatThrownBy(() -> EnvFile.read(write("a.env", "A=x\n" + CANARY + "\n")))
        .isInstanceOf(CheckException.class).hasMessageEndingWith(" line 2: expected NAME=VALUE")
        .message().doesNotContain(CANARY);
    assertThatThrownBy(() -> EnvFile.read(write("b.env", CANARY + " x=y\n")))
        .hasMessageEndingWith(" line 1: the text before '=' is not a variable name (letters, digits and '_', not"
            + " starting with a digit)")
        .message().doesNotContain(CANARY);
    assertThatThrownBy(() -> EnvFile.read(write("c.env", "A=" + CANARY + "\tx\n")))
        .hasMessageEndingWith(" line 1: the value of A contains a control character")
        .message().doesNotContain(CANARY);
    assertThatThrownBy(() -> EnvFile.read(write("d.env", "A=1\nA=" + CANARY + "\n")))
        .hasMessageEndingWith(" line 2: A is set twice");
    assertThatThrownBy(() -> EnvFile.read(dir.resolve("missing.env")))
        .hasMessage("cannot read the env file " + dir.resolve("missing.env") + " (NoSuchFileException)");
  }

  @Test
  void envVarsYaml_takesAFlatMapOfStrings() throws Exception {
    Path file = write("a.yaml", "A: gs://b/o#f\nB: 'quoted: yes'\nC: \"007\"\n");

    Deployment deployment = EnvVarsYaml.read(file);

    assertThat(deployment.variables()).containsOnlyKeys("A", "B", "C");
    assertThat(deployment.variables().get("B").text()).contains("quoted: yes");
    assertThat(deployment.variables().get("C").text()).contains("007");
  }

  @Test
  void envVarsYaml_rejectsNestedNonStringAndDuplicateEntries_withTheLine() throws Exception {
    assertThatThrownBy(() -> EnvVarsYaml.read(write("a.yaml", "A: x\nB:\n  nested: " + CANARY + "\n")))
        .isInstanceOf(CheckException.class).hasMessageEndingWith(" line 3: the value of B is nested; gcloud takes a"
            + " string per variable")
        .message().doesNotContain(CANARY);
    assertThatThrownBy(() -> EnvVarsYaml.read(write("b.yaml", "A: x\nB: 0123\n")))
        .hasMessageEndingWith(" line 2: YAML reads the value of B as a YAML int, not a string: quote it");
    assertThatThrownBy(() -> EnvVarsYaml.read(write("c.yaml", "A: x\n12: y\n")))
        .hasMessageEndingWith(" line 2: a variable name must be a string");
    assertThatThrownBy(() -> EnvVarsYaml.read(write("g.yaml", "A: x\n" + CANARY + ": y\n")))
        .hasMessageEndingWith(" line 2: a key is not a variable name (letters, digits and '_', not starting with a"
            + " digit)")
        .message().doesNotContain(CANARY);
    assertThatThrownBy(() -> EnvVarsYaml.read(write("d.yaml", "A: x\nA: " + CANARY + "\n")))
        .hasMessageEndingWith(" line 2: A is set twice")
        .message().doesNotContain(CANARY);
    assertThatThrownBy(() -> EnvVarsYaml.read(write("e.yaml", "- " + CANARY + "\n")))
        .hasMessageEndingWith(" line 1: an env-vars file is a mapping of NAME: \"VALUE\"")
        .message().doesNotContain(CANARY);
    assertThatThrownBy(() -> EnvVarsYaml.read(write("f.yaml", "A: \"" + CANARY + "\n")))
        .hasMessageStartingWith("the env-vars file " + dir.resolve("f.yaml") + " is not valid YAML at line ")
        .message().doesNotContain(CANARY);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, UTF_8);
  }
}

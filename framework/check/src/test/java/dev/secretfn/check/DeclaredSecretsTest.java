package dev.secretfn.check;

import static dev.secretfn.check.FunctionFixture.GCS;
import static dev.secretfn.check.FunctionFixture.required;
import static dev.secretfn.check.FunctionFixture.secret;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretfn.Kms;
import dev.secretfn.SecretDeclaration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets descriptors: their entries as start-up's declarations, merged per variable, and malformed files. */
class DeclaredSecretsTest {
  @TempDir Path dir;

  @Test
  void toDeclarations_areWhatTheGeneratedModuleDeclares() throws Exception {
    Map.Entry<String, List<DeclaredSecret>> parsed = DeclaredSecrets.parse("x.json", "{\"format\":1,"
        + "\"declarations\":\"app.S\",\"secrets\":["
        + secret("A", "Secret", true, "GCP", null) + ","
        + secret("B", "String", true, null, 300) + ","
        + "{\"variable\":\"C\",\"type\":\"char[]\",\"required\":false,\"hasDefault\":true,\"encrypted\":\"AWS\","
        + "\"refreshMaxAgeSeconds\":null},"
        + secret("D", "byte[]", false, null, null) + "]}");

    assertThat(parsed.getKey()).isEqualTo("app.S");
    assertThat(DeclaredSecrets.toDeclarations(parsed.getValue())).containsExactly(
        SecretDeclaration.required("A").encryptedWith(Kms.GCP),
        SecretDeclaration.required("B").text().refreshing(Duration.ofSeconds(300)),
        SecretDeclaration.optional("C").encryptedWith(Kms.AWS).text(),
        SecretDeclaration.optional("D"));
  }

  @Test
  void malformedDescriptors_areUsageErrors_namingTheFileAndField() {
    assertThatThrownBy(() -> DeclaredSecrets.parse("x.json", "{\"format\":2,\"declarations\":\"a\",\"secrets\":[]}"))
        .isInstanceOf(CheckException.class).hasMessage("x.json has format 2, and this check reads format 1: use the"
            + " secretfn-check of the secretfn version that built the function");
    assertThatThrownBy(() -> DeclaredSecrets.parse("x.json", "{\"format\":1,\"declarations\":\"a\",\"secrets\":"
        + "[{\"variable\":\"A\",\"type\":\"Secret\",\"required\":\"yes\"}]}"))
        .hasMessage("x.json: \"required\" must be true or false: rebuild the function with the same"
            + " secretfn-compiler version as this check");
    assertThatThrownBy(() -> DeclaredSecrets.parse("x.json", "[1, 2"))
        .hasMessageStartingWith("x.json is not a JSON descriptor");
    assertThatThrownBy(() -> DeclaredSecrets.parse("x.json", "{\"format\":1,\"declarations\":\"a\",\"secrets\":"
        + "[" + secret("A", "Secret", true, "AZURE", null) + "]}"))
        .hasMessageStartingWith("x.json: A is encrypted with an unknown key service");
  }

  @Test
  void variableDeclaredTwiceInConflictingWays_isAnError_asAtStartUp() throws Exception {
    Path jar = FunctionFixture.in(dir)
        .secrets("app.Own", required("DB_PASS"), required("TOKEN"))
        .secrets("app.Shared", secret("DB_PASS", "Secret", false, null, null), secret("TOKEN", "String", true, null,
            null))
        .component("app.C", "app.C", List.of("app.Own", "app.Shared"), GCS)
        .jar(dir.resolve("f.jar"));
    Path env = Files.writeString(dir.resolve("f.env"), "TOKEN=gs://secrets/t?generation=1\n", UTF_8);

    CheckRun run = CheckRun.of("--jar", jar.toString(), "--env-file", env.toString());

    assertThat(run.lines()).containsExactly(
        "secretfn check: component app.C against env file " + env + ": 1 declared secret",
        "ERROR DB_PASS: declared twice in conflicting ways: DB_PASS of app.Own (required) and DB_PASS of app.Shared"
            + " (optional); fix: declare each variable once, or the same way everywhere",
        "1 error, 0 warnings");
  }

  @Test
  void componentWhoseDeclarationsAreNotOnThePaths_isAUsageError() throws Exception {
    Path jar = FunctionFixture.in(dir).secrets("app.Own", required("A"))
        .component("app.C", "app.C", List.of("app.Own", "shared.Secrets"), GCS)
        .jar(dir.resolve("f.jar"));
    Path env = Files.writeString(dir.resolve("f.env"), "A=gs://secrets/a?generation=1\n", UTF_8);

    CheckRun run = CheckRun.of("--jar", jar.toString(), "--env-file", env.toString());

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).isEqualTo("secretfn check: app.C installs the module of shared.Secrets, but no secrets"
        + " descriptor of it is on the function's paths: give the function's runtime classpath, or build the jar"
        + " that holds shared.Secrets with secretfn-compiler\n");

    Path shared = FunctionFixture.in(dir.resolve("shared")).secrets("shared.Secrets", required("B"))
        .jar(dir.resolve("shared.jar"));
    CheckReport report = DeploymentCheck.run(
        CheckRequest.builder().function(jar).classpath(List.of(shared)).envFile(env).build());
    assertThat(report.lines()).contains("ERROR B: the variable is not set; fix: set B to a reference (see"
        + " docs/references.md), or declare it optional");
  }
}

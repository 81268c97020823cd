package dev.secretfn.check;

import static dev.secretfn.check.FunctionFixture.optional;
import static dev.secretfn.check.FunctionFixture.required;
import static dev.secretfn.check.FunctionFixture.syntax;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: options, usage errors (exit 2), help, and the probe's lines. */
class CheckMainTest {
  static final String CANARY = "CANARY-cli-3b8d";

  @TempDir Path dir;
  Path jar;
  Path env;

  @BeforeEach
  void function() throws IOException {
    jar = FunctionFixture.in(dir).secrets("app.S", required("A"), optional("B"))
        .component("app.C", "app.S", syntax("dev.secretfn.file.FileModule", "dev.secretfn.file.FileSyntax"))
        .jar(dir.resolve("f.jar"));
    env = Files.writeString(dir.resolve("f.env"), "A=file:///secrets/a#x\n", UTF_8);
  }

  @Test
  void help_printsTheUsage_andExits0() {
    CheckRun run = CheckRun.of("--help");

    assertThat(run.status).isZero();
    assertThat(run.out).startsWith("Usage: java -jar secretfn-check-cli.jar --jar FILE").contains("--probe");
    assertThat(run.err).isEmpty();
  }

  @Test
  void usageErrors_exit2_withoutEchoingAnArgument() {
    assertThat(CheckRun.of("--env-file", env.toString()).err).isEqualTo(
        "secretfn check: --jar is required (only a SAM template names its functions' jars, in CodeUri)\n"
            + "Run with --help for the options.\n");
    assertThat(CheckRun.of("--jar", jar.toString()).err)
        .startsWith("secretfn check: no deployment: give --env-file, --env-vars-file or --sam-template");
    assertThat(CheckRun.of("--jar", jar.toString(), "--env-file", env.toString(), "--env-vars-file", "x").err)
        .startsWith("secretfn check: --env-vars-file: a check reads one deployment, and --env-file is given");
    assertThat(CheckRun.of("--jar", jar.toString(), "--env-file", env.toString(), "--function", "F").err)
        .startsWith("secretfn check: --function, --parameter and --stack-name apply to a SAM template only");
    assertThat(CheckRun.of("--jar", jar.toString(), "--sam-template", "t.yaml", "--parameter", "=" + CANARY).err)
        .startsWith("secretfn check: --parameter takes NAME=VALUE");
    CheckRun stray = CheckRun.of("--jar", jar.toString(), CANARY, "x").leaksNone(CANARY);
    assertThat(stray.status).isEqualTo(2);
    assertThat(stray.err).startsWith("secretfn check: unexpected argument\n");
    assertThat(CheckRun.of("--jar").err).startsWith("secretfn check: --jar needs a value\n");
    assertThat(CheckRun.of("--jar", jar.toString(), "--env-file", env.toString(), "--bogus", "1").status)
        .isEqualTo(2);
  }

  @Test
  void missingJar_exits2() {
    CheckRun run = CheckRun.of("--jar", dir.resolve("nope.jar").toString(), "--env-file", env.toString());

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).isEqualTo("secretfn check: " + dir.resolve("nope.jar") + " does not exist: give the"
        + " function's jar or classes directory\n");
  }

  @Test
  void probe_addsItsLinePerSecret() {
    CheckRun run = CheckRun.of("--jar", jar.toString(), "--env-file", env.toString(), "--probe");

    assertThat(run.status).isZero();
    assertThat(run.lines()).hasSize(4);
    assertThat(run.lines().get(1)).startsWith("NOTE A: not probed: file:// secrets are mounted by the platform");
    assertThat(run.lines().get(2)).startsWith("NOTE B: not set");
    assertThat(run.lines().get(3)).isEqualTo("0 errors, 0 warnings");
  }

  @Test
  void probe_leavesOutValuesTheTemplateLeftUnresolved() throws IOException {
    Path template = Files.writeString(dir.resolve("t.yaml"), String.join("\n",
        "Resources:",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Environment:",
        "        Variables:",
        "          A: !Sub 'file:///secrets/${AWS::Region}/a'",
        ""), UTF_8);

    CheckRun run = CheckRun.of("--jar", jar.toString(), "--sam-template", template.toString(), "--probe");

    assertThat(run.status).isZero();
    assertThat(run.lines()).hasSize(4);
    assertThat(run.lines().get(1)).isEqualTo("NOTE A: its value is left unresolved in part: AWS::Region (a pseudo"
        + " parameter); checked with 'unresolved' in its place");
    assertThat(run.lines().get(2)).startsWith("NOTE B: not set");
  }

  @Test
  void samTemplate_withoutJar_checksEveryFunction_withItsCodeUriJar_andExitsWithTheWorst() throws IOException {
    FunctionFixture.in(Files.createDirectories(dir.resolve("second"))).secrets("app.T", required("B"))
        .component("app.D", "app.T", syntax("dev.secretfn.file.FileModule", "dev.secretfn.file.FileSyntax"))
        .jar(dir.resolve("g.jar"));
    Path template = Files.writeString(dir.resolve("t.yaml"), String.join("\n",
        "Globals:",
        "  Function:",
        "    CodeUri: f.jar",
        "Resources:",
        "  First:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Environment:",
        "        Variables:",
        "          A: file:///secrets/a",
        "  Second:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      CodeUri: g.jar",
        "      Environment:",
        "        Variables:",
        "          B: " + CANARY,
        ""), UTF_8);

    CheckRun all = CheckRun.of("--sam-template", template.toString()).leaksNone(CANARY);
    CheckRun first = CheckRun.of("--sam-template", template.toString(), "--function", "First");

    assertThat(all.status).as(all.err).isEqualTo(1);
    assertThat(all.out).contains("against SAM template " + template + ", function First")
        .contains("against SAM template " + template + ", function Second")
        .contains("ERROR B: holds no reference");
    assertThat(first.status).isZero();
    assertThat(first.out).doesNotContain("function Second");
  }

  @Test
  void samTemplate_withoutJar_needsEachFunctionsJarToExist() throws IOException {
    Path template = Files.writeString(dir.resolve("t.yaml"), String.join("\n",
        "Resources:",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      CodeUri: target/missing.jar",
        ""), UTF_8);

    CheckRun run = CheckRun.of("--sam-template", template.toString());

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).startsWith("secretfn check: function Fn of " + template + ": its CodeUri names no local"
        + " jar (" + dir.resolve("target/missing.jar") + " does not exist: build it first); pass --function Fn"
        + " --jar FILE");
  }

  @Test
  void builder_validatesAsItGoes() {
    assertThatThrownBy(() -> CheckRequest.builder().envFile(env).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no function: set its jar or classes directory with function(path)");
    assertThatThrownBy(() -> CheckRequest.builder().probe(Duration.ZERO))
        .hasMessage("the probe deadline must be between 1 ms and 15 minutes");
    assertThatThrownBy(() -> CheckRequest.builder().parameter("A", "1").parameter("A", "2"))
        .hasMessage("parameter A is given twice");
    assertThatThrownBy(() -> CheckRequest.builder().component(" "))
        .hasMessage("className is blank");
  }
}

package dev.secretfn.maven;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goal over a project's classes holding the descriptors secretfn-compiler writes (written here by hand in
 * its format), with Cloud Storage bound, against env files and a SAM template.
 */
class CheckMojoTest {
  private static final String CANARY = "hunter2-canary-7f3a";

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();
  private CheckMojo mojo;

  @BeforeEach
  void project() throws IOException {
    Path classes = dir.resolve("classes");
    write(classes.resolve("META-INF/secretfn/secrets/app.OrderSecrets.json"),
        "{\"format\":1,\"declarations\":\"app.OrderSecrets\",\"secrets\":[\n"
            + "  {\"variable\":\"DB_PASS\",\"type\":\"Secret\",\"required\":true,\"hasDefault\":false,"
            + "\"encrypted\":null,\"refreshMaxAgeSeconds\":null}\n]}\n");
    write(classes.resolve("META-INF/secretfn/components/app.OrderComponent.json"),
        "{\"format\":1,\"component\":\"app.OrderComponent\",\"factory\":\"app.DaggerOrderComponent\",\n"
            + "\"declarations\":[\"app.OrderSecrets\"],\n"
            + "\"syntaxes\":[\n  {\"module\":\"dev.secretfn.gcp.storage.CloudStorageModule\","
            + "\"class\":\"dev.secretfn.gcp.storage.GcsSyntax\"}\n],\n"
            + "\"modules\":[\"app.OrderSecretsModule\",\"dev.secretfn.gcp.storage.CloudStorageModule\"]}\n");
    mojo = new CheckMojo();
    mojo.classesDirectory = classes.toFile();
    mojo.classpathElements = List.of(classes.toString());
    mojo.probeDeadlineSeconds = 10;
    mojo.setLog(log);
  }

  @Test
  void pinnedReference_passes() throws Exception {
    mojo.envFile = write(dir.resolve("prod.env"), "DB_PASS=gs://orders-secrets/db.json?generation=3#password\n")
        .toFile();

    mojo.execute();

    assertThat(log.lines).anyMatch(l -> l.startsWith("info: 0 errors, 0 warnings"));
  }

  @Test
  void plaintext_failsTheBuild_withoutPrintingIt() throws IOException {
    mojo.envFile = write(dir.resolve("prod.env"), "DB_PASS=" + CANARY + "\n").toFile();

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("1 errors").hasMessageNotContaining(CANARY);
    assertThat(log.lines).anyMatch(l -> l.startsWith("error: ERROR DB_PASS: "));
    assertThat(String.join("\n", log.lines)).doesNotContain(CANARY);
  }

  @Test
  void missingVariable_inTheSamTemplatesFunction_failsTheBuild() throws IOException {
    mojo.samTemplate = write(dir.resolve("template.yaml"), String.join("\n",
        "Transform: AWS::Serverless-2016-10-31",
        "Parameters:",
        "  Password:",
        "    Type: String",
        "Resources:",
        "  Orders:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Handler: app.OrderFunction",
        "      Environment:",
        "        Variables:",
        "          OTHER: !Ref Password",
        "")).toFile();
    mojo.samFunction = "Orders";
    mojo.parameters = Map.of("Password", CANARY);

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class);
    assertThat(log.lines).anyMatch(l -> l.startsWith("error: ERROR DB_PASS: "));
    assertThat(String.join("\n", log.lines)).doesNotContain(CANARY);
  }

  @Test
  void parameterFile_givesTheTemplatesParameters() throws Exception {
    mojo.samTemplate = write(dir.resolve("template.yaml"), String.join("\n",
        "Parameters:",
        "  Bucket:",
        "    Type: String",
        "    Default: REPLACE_ME",
        "Resources:",
        "  Orders:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Handler: app.OrderFunction",
        "      Environment:",
        "        Variables:",
        "          DB_PASS: !Sub 'gs://${Bucket}/db.json?generation=3#password'",
        "")).toFile();
    mojo.parameterFile = write(dir.resolve("parameters.env"), "# the stack's parameters\n\nBucket=orders-secrets\n")
        .toFile();

    mojo.execute();

    assertThat(log.lines).anyMatch(l -> l.startsWith("info: 0 errors, 0 warnings"));
  }

  @Test
  void stackName_resolvesNamesBuiltFromIt() throws Exception {
    mojo.samTemplate = write(dir.resolve("template.yaml"), String.join("\n",
        "Resources:",
        "  Orders:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Handler: app.OrderFunction",
        "      Environment:",
        "        Variables:",
        "          DB_PASS: !Sub 'gs://${AWS::StackName}-secrets/db.json?generation=3#password'",
        "")).toFile();

    mojo.execute();
    assertThat(log.lines).anyMatch(l -> l.startsWith("info: NOTE DB_PASS: its value is left unresolved in part"));

    log.lines.clear();
    mojo.stackName = "orders";
    mojo.execute();
    assertThat(log.lines).noneMatch(l -> l.contains("NOTE DB_PASS"))
        .anyMatch(l -> l.startsWith("info: 0 errors, 0 warnings"));
  }

  @Test
  void parameterFile_withoutTemplate_orMalformed_isAConfigurationError() throws IOException {
    mojo.envFile = write(dir.resolve("a.env"), "DB_PASS=gs://b/o?generation=1\n").toFile();
    mojo.parameterFile = write(dir.resolve("p.env"), "Bucket=x\n").toFile();
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("set samTemplate too");

    mojo.envFile = null;
    mojo.samTemplate = write(dir.resolve("t.yaml"), "Resources: {}\n").toFile();
    mojo.parameterFile = write(dir.resolve("p.env"), "Bucket=x\n" + CANARY + "\n").toFile();
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessage(mojo.parameterFile + " line 2: expected NAME=VALUE");
  }

  @Test
  void unpinnedReference_warns_andFailsOnlyWhenAsked() throws Exception {
    mojo.envFile = write(dir.resolve("prod.env"), "DB_PASS=gs://orders-secrets/db.json#password\n").toFile();

    mojo.execute();
    assertThat(log.lines).anyMatch(l -> l.startsWith("warn: WARNING DB_PASS: "));

    mojo.failOnWarnings = true;
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class).hasMessageContaining("1 warnings");
  }

  @Test
  void noDeployment_orTwo_isAConfigurationError() throws IOException {
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("exactly one deployment");

    mojo.envFile = write(dir.resolve("a.env"), "DB_PASS=gs://b/o?generation=1\n").toFile();
    mojo.envVarsFile = write(dir.resolve("b.yaml"), "DB_PASS: gs://b/o?generation=1\n").toFile();
    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("exactly one deployment");
  }

  @Test
  void unreadableDeployment_isAnExecutionError_notAFailure() {
    mojo.envVarsFile = dir.resolve("missing.yaml").toFile();

    assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("secretfn:check could not run");
  }

  @Test
  void skip_checksNothing() throws Exception {
    mojo.skip = true;

    mojo.execute();

    assertThat(log.lines).containsExactly("info: secretfn:check skipped (secretfn.check.skip)");
  }

  @Test
  void pluginDescriptor_offersCheck_underThePrefixSecretfn() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/plugin.xml")) {
      assertThat(in).isNotNull();
      String descriptor = new String(in.readAllBytes(), UTF_8);
      assertThat(descriptor).contains("<goalPrefix>secretfn</goalPrefix>").contains("<goal>check</goal>")
          .contains("<phase>verify</phase>");
    }
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content, UTF_8);
  }

  /** Keeps what the goal logs, prefixed with its level. */
  private static final class RecordingLog implements Log {
    final List<String> lines = new ArrayList<>();

    @Override public boolean isDebugEnabled() { return false; }
    @Override public void debug(CharSequence content) {}
    @Override public void debug(CharSequence content, Throwable error) {}
    @Override public void debug(Throwable error) {}
    @Override public boolean isInfoEnabled() { return true; }
    @Override public void info(CharSequence content) { lines.add("info: " + content); }
    @Override public void info(CharSequence content, Throwable error) { info(content); }
    @Override public void info(Throwable error) { lines.add("info: " + error); }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public void warn(CharSequence content) { lines.add("warn: " + content); }
    @Override public void warn(CharSequence content, Throwable error) { warn(content); }
    @Override public void warn(Throwable error) { lines.add("warn: " + error); }
    @Override public boolean isErrorEnabled() { return true; }
    @Override public void error(CharSequence content) { lines.add("error: " + content); }
    @Override public void error(CharSequence content, Throwable error) { error(content); }
    @Override public void error(Throwable error) { lines.add("error: " + error); }
  }
}

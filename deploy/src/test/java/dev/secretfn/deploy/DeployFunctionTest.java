package dev.secretfn.deploy;

import static dev.secretfn.deploy.ScriptConventionsTest.KEY;
import static dev.secretfn.deploy.ScriptConventionsTest.SA;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployFunctionTest {
  /** The default runtime: see RuntimeDefaultsTest for why, and that the class files still target release 17. */
  static final String DEFAULT_RUNTIME = "java21";
  static final String DB_PASS = "gcp-kms://" + KEY + "?ciphertext=CiQAs+/8Zw==";
  static final List<String> DEPLOY = List.of("gcloud", "functions", "deploy", "orders", "--gen2",
      "--project=my-proj", "--region=europe-west1", "--runtime=" + DEFAULT_RUNTIME, "--source=fn",
      "--entry-point=com.example.orders.OrdersFunction", "--trigger-http", "--service-account=" + SA,
      "--no-allow-unauthenticated");
  static final String[] REQUIRED = {"--name", "orders", "--project", "my-proj", "--region", "europe-west1",
    "--source", "fn", "--entry-point", "com.example.orders.OrdersFunction", "--service-account", SA};

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.GCP);
    Files.createDirectories(sandbox.work.resolve("fn"));
  }

  @Test
  void deploy_passesEveryVariableUnchangedThroughAPrivateYamlFileThatIsThenDeleted() throws IOException {
    Files.writeString(sandbox.home.resolve("orders.env"),
        "# written by encrypt-env.sh --env-line\n\nDB_PASS=" + DB_PASS + "\nKMS_CRYPTO_KEY_ID=" + KEY + "\n",
        UTF_8);
    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args(
        "--env", "DB_USER=gs://my-secrets/orders/db.json#username",
        "--env-file", sandbox.home.resolve("orders.env").toString(),
        "--env", "GREETING=a \"quoted\", back\\slash, = and ünïcode",
        "--memory", "512Mi", "--", "--max-instances=3"));

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).hasSize(1);
    List<String> argv = result.call(0).argv();
    List<String> expected = new ArrayList<>(DEPLOY);
    expected.add("--memory=512Mi");
    assertThat(argv.subList(0, expected.size())).isEqualTo(expected);
    assertThat(argv.subList(expected.size(), argv.size())).hasSize(2);
    assertThat(argv.get(expected.size())).startsWith("--env-vars-file=" + sandbox.tmp + "/secretfn-deploy.");
    assertThat(argv.get(expected.size() + 1)).isEqualTo("--max-instances=3");
    assertThat(result.call(0).file("env-vars-file")).isEqualTo(
        "DB_USER: \"gs://my-secrets/orders/db.json#username\"\n"
            + "DB_PASS: \"" + DB_PASS + "\"\n"
            + "KMS_CRYPTO_KEY_ID: \"" + KEY + "\"\n"
            + "GREETING: \"a \\\"quoted\\\", back\\\\slash, = and ünïcode\"\n");
    assertThat(Sandbox.regularFiles(sandbox.tmp)).as("the YAML file is deleted").isEmpty();
  }

  @Test
  void allowUnauthenticated_replacesTheDefaultPrivateFunction() {
    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--allow-unauthenticated",
        "--runtime", "java17", "--env", "A=b"));

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(0).argv()).contains("--allow-unauthenticated", "--runtime=java17")
        .doesNotContain("--no-allow-unauthenticated", "--runtime=" + DEFAULT_RUNTIME);
  }

  @Test
  void triggerTopic_deploysAnEventFunctionInsteadOfAnHttpOne() {
    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--trigger-topic", "shipments",
        "--env", "API_KEY=sm://my-proj/weather-api-key#1"));

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> expected = new ArrayList<>(DEPLOY);
    expected.set(expected.indexOf("--trigger-http"), "--trigger-topic=shipments");
    assertThat(result.call(0).argv().subList(0, expected.size())).isEqualTo(expected);
    assertThat(result.call(0).argv()).doesNotContain("--trigger-http");
  }

  @Test
  void badTriggerTopicOrPublicEventFunction_isAUsageError() {
    Sandbox.Result badId = sandbox.run("deploy-function.sh", "", args("--trigger-topic", "projects/p/topics/t"));
    Sandbox.Result reserved = sandbox.run("deploy-function.sh", "", args("--trigger-topic", "google-events"));
    Sandbox.Result missing = sandbox.run("deploy-function.sh", "", args("--trigger-topic"));
    Sandbox.Result public_ = sandbox.run("deploy-function.sh", "", args("--trigger-topic", "shipments",
        "--allow-unauthenticated"));

    assertThat(badId.stderr()).contains("'projects/p/topics/t' is not a topic id");
    assertThat(reserved.stderr()).contains("cannot start with 'goog'");
    assertThat(missing.stderr()).contains("option --trigger-topic needs a value");
    assertThat(public_.stderr()).contains("an event function is invoked by its trigger");
    for (Sandbox.Result result : List.of(badId, reserved, missing, public_)) {
      assertThat(result.exit()).as("%s", result).isEqualTo(2);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void jvmFlags_setJavaToolOptionsWithTheLaunchersHeapSizingForTheMemory() {
    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--memory", "1Gi",
        "--jvm-flags", "-XX:TieredStopAtLevel=1", "--env", "A=b"));

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(0).file("env-vars-file")).isEqualTo("A: \"b\"\n"
        + "JAVA_TOOL_OPTIONS: \"-XX:MaxRAM=1024m -XX:MaxRAMPercentage=70 -XX:TieredStopAtLevel=1\"\n");
    assertThat(result.stderr()).doesNotContain("quarter of the memory");
  }

  @Test
  void jvmFlags_eachMemoryUnit_isConvertedToMebibytes() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("512Mi", "512");
    expected.put("512MiB", "512");
    expected.put("2Gi", "2048");
    expected.put("1G", "953");
    expected.put("512M", "488");
    expected.put("512MB", "488");
    expected.put("262144Ki", "256");
    for (Map.Entry<String, String> memory : expected.entrySet()) {
      Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--memory", memory.getKey(),
          "--jvm-flags", "-Xshare:auto", "--dry-run"));

      assertThat(result.exit()).as("%s", result).isZero();
      assertThat(result.stdout()).as(memory.getKey()).contains(
          "JAVA_TOOL_OPTIONS: \"-XX:MaxRAM=" + memory.getValue() + "m -XX:MaxRAMPercentage=70 -Xshare:auto\"");
    }
  }

  @Test
  void jvmFlagsWithoutMemory_sizesTheHeapForThePlatformsDefault() {
    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--jvm-flags", "-XX:TieredStopAtLevel=1",
        "--dry-run"));

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.stdout())
        .contains("JAVA_TOOL_OPTIONS: \"-XX:MaxRAM=256m -XX:MaxRAMPercentage=70 -XX:TieredStopAtLevel=1\"")
        .doesNotContain("--memory=");
  }

  @Test
  void javaToolOptionsWithoutHeapSizing_deploysWithAWarning() {
    Sandbox.Result unsized = sandbox.run("deploy-function.sh", "",
        args("--env", "JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1"));
    Sandbox.Result sized = sandbox.run("deploy-function.sh", "",
        args("--env", "JAVA_TOOL_OPTIONS=-Xmx400m -XX:TieredStopAtLevel=1"));

    assertThat(unsized.exit()).as("%s", unsized).isZero();
    assertThat(unsized.stderr()).contains("leaves the heap at the JVM's default quarter of the memory")
        .contains("use --jvm-flags");
    assertThat(sized.exit()).as("%s", sized).isZero();
    assertThat(sized.stderr()).doesNotContain("quarter of the memory");
  }

  @Test
  void badJvmFlagsOrMemory_areUsageErrors() {
    Sandbox.Result twice = sandbox.run("deploy-function.sh", "",
        args("--jvm-flags", "-Xshare:auto", "--env", "JAVA_TOOL_OPTIONS=-Xshare:off"));
    Sandbox.Result empty = sandbox.run("deploy-function.sh", "", args("--jvm-flags", ""));
    Sandbox.Result twoLines = sandbox.run("deploy-function.sh", "", args("--jvm-flags", "-Xshare:auto\n-Xint"));
    Sandbox.Result unit = sandbox.run("deploy-function.sh", "", args("--jvm-flags", "-Xshare:auto",
        "--memory", "512X"));
    Sandbox.Result tiny = sandbox.run("deploy-function.sh", "", args("--jvm-flags", "-Xshare:auto",
        "--memory", "64Mi"));
    Sandbox.Result memoryForGcloud = sandbox.run("deploy-function.sh", "", args("--jvm-flags", "-Xshare:auto",
        "--", "--memory=1Gi"));

    assertThat(twice.stderr()).contains("JAVA_TOOL_OPTIONS is set twice");
    assertThat(empty.stderr()).contains("option --jvm-flags needs a value");
    assertThat(twoLines.stderr()).contains("--jvm-flags: expected JVM flags on one line");
    assertThat(unit.stderr()).contains("'512X' is not a memory size");
    assertThat(tiny.stderr()).contains("less than 128 MiB");
    assertThat(memoryForGcloud.stderr()).contains("give --memory before '--'");
    for (Sandbox.Result result : List.of(twice, empty, twoLines, unit, tiny, memoryForGcloud)) {
      assertThat(result.exit()).as("%s", result).isEqualTo(2);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void noVariables_deploysWithoutTouchingThem() {
    Sandbox.Result result = sandbox.run("deploy-function.sh", "", REQUIRED);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(DEPLOY);
    assertThat(result.stderr()).contains("keeps the variables it has");
  }

  @Test
  void badVariables_areUsageErrorsThatNeverEchoTheValue() throws IOException {
    Files.writeString(sandbox.home.resolve("bad.env"), "A=1\nthis line has no equals sign\n", UTF_8);
    Sandbox.Result duplicate = sandbox.run("deploy-function.sh", "", args("--env", "A=1", "--env", "A=2"));
    Sandbox.Result newline = sandbox.run("deploy-function.sh", "", args("--env", "A=plain-secret\n"));
    Sandbox.Result reserved = sandbox.run("deploy-function.sh", "", args("--env", "X_GOOGLE_FOO=1"));
    Sandbox.Result badLine = sandbox.run("deploy-function.sh", "",
        args("--env-file", sandbox.home.resolve("bad.env").toString()));

    assertThat(duplicate.stderr()).contains("A is set twice");
    assertThat(newline.stderr()).contains("the value of A contains a control character")
        .doesNotContain("plain-secret");
    assertThat(reserved.stderr()).contains("reserved by Cloud Functions");
    assertThat(badLine.stderr()).contains("bad.env line 2: expected NAME=VALUE").doesNotContain("equals sign");
    for (Sandbox.Result result : List.of(duplicate, newline, reserved, badLine)) {
      assertThat(result.exit()).isEqualTo(2);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void missingSourceDirectoryOrBadEntryPoint_isAUsageError() {
    Sandbox.Result noSource = sandbox.run("deploy-function.sh", "", "--name", "orders", "--project", "my-proj",
        "--region", "europe-west1", "--source", "nowhere", "--entry-point", "com.example.F",
        "--service-account", SA);
    Sandbox.Result badClass = sandbox.run("deploy-function.sh", "", "--name", "orders", "--project", "my-proj",
        "--region", "europe-west1", "--source", "fn", "--entry-point", "com.example.F::handle",
        "--service-account", SA);

    assertThat(noSource.exit()).isEqualTo(2);
    assertThat(noSource.stderr()).contains("'nowhere' is not a directory");
    assertThat(badClass.exit()).isEqualTo(2);
    assertThat(badClass.stderr()).contains("is not a fully qualified Java class name");
  }

  @Test
  void sourceInCloudStorage_isPassedToGcloudWithoutALocalCheck() {
    Sandbox.Result result = sandbox.run("deploy-function.sh", "", "--name", "orders", "--project", "my-proj",
        "--region", "europe-west1", "--source", "gs://my-builds/orders.zip", "--entry-point", "com.example.F",
        "--service-account", SA);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(0).argv()).contains("--source=gs://my-builds/orders.zip");
  }

  @Test
  void dryRun_printsTheYamlAsAHeredocAndTheDeploy() {
    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--env", "DB_PASS=" + DB_PASS, "--dry-run"));

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).isEqualTo("cat > env-vars.yaml <<'EOF'\n"
        + "DB_PASS: \"" + DB_PASS + "\"\n"
        + "EOF\n"
        + String.join(" ", DEPLOY) + " --env-vars-file=env-vars.yaml\n"
        + "rm -f env-vars.yaml\n");
  }

  /** The required options, --skip-check (these tests are not about the check: DeployFunctionCheckTest is), more. */
  private static String[] args(String... more) {
    List<String> all = new ArrayList<>(List.of(REQUIRED));
    all.add("--skip-check");
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}

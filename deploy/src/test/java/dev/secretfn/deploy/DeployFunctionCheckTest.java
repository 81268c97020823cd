package dev.secretfn.deploy;

import static dev.secretfn.deploy.DeployFunctionTest.DEPLOY;
import static dev.secretfn.deploy.DeployFunctionTest.REQUIRED;
import static dev.secretfn.deploy.ScriptConventionsTest.KEY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.gcp.GcpSettings;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy-function.sh runs the real pre-deploy check (the java stand-in records the call and runs the real java on
 * the check's cli jar) on a fixture function jar and the exact env-vars YAML it then hands to gcloud.
 */
class DeployFunctionCheckTest {
  static final String ENTRY_POINT = "com.example.orders.OrdersFunction";
  static final String DB_PASS = "gcp-kms://" + KEY + "?ciphertext=CiQAs+/8Zw==";
  static final String API_KEY = "gs://my-secrets/orders/api.json?generation=1700000000000042#key";
  /** Orders: DB_PASS and API_KEY, required; binds Cloud KMS and Cloud Storage, not Secret Manager. */
  static final FunctionJar ORDERS = FunctionJar.of("com.example.orders.OrdersComponent",
      List.of(FunctionJar.GCP_KMS, FunctionJar.GCS), "com.example.orders.OrdersSecrets",
      FunctionJar.required("DB_PASS"), FunctionJar.required("API_KEY"));

  @TempDir Path dir;
  Sandbox sandbox;
  Path source;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.GCP).env("SECRETFN_CHECK_JAR", FunctionJar.CHECK_CLI.toString());
    source = Files.createDirectories(sandbox.work.resolve("fn"));
  }

  @Test
  void goodDeployment_isCheckedOnTheYamlThatGcloudGetsThenDeployed() throws IOException {
    ORDERS.writeTo(source.resolve("target/orders-1.0.jar"));
    Files.write(source.resolve("target/original-orders-1.0.jar"), new byte[] {'P', 'K'}); // the unshaded one

    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--env", "DB_PASS=" + DB_PASS,
        "--env", "API_KEY=" + API_KEY));

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).extracting(Sandbox.Call::program).containsExactly("java", "gcloud");
    List<String> check = result.call(0).argv();
    assertThat(check.subList(0, 8)).containsExactly("java", "-jar", FunctionJar.CHECK_CLI.toString(),
        "--jar", "fn/target/orders-1.0.jar", "--entry-point", ENTRY_POINT, "--env-vars-file");
    assertThat(check).hasSize(9);
    String yaml = check.get(8);
    assertThat(result.call(1).argv()).contains("--env-vars-file=" + yaml);
    assertThat(result.call(0).file("env-vars-file")).isEqualTo(result.call(1).file("env-vars-file"))
        .isEqualTo("DB_PASS: \"" + DB_PASS + "\"\nAPI_KEY: \"" + API_KEY + "\"\n");
    assertThat(result.stderr()).contains("component com.example.orders.OrdersComponent against env-vars file "
        + yaml + ": 2 declared secrets").contains("0 errors, 0 warnings");
    assertThat(result.stdout()).isEmpty();
    assertThat(Sandbox.regularFiles(sandbox.tmp)).as("the YAML file is deleted").isEmpty();
  }

  @Test
  void missingRequiredVariable_stopsBeforeGcloud() throws IOException {
    ORDERS.writeTo(source.resolve("orders.jar"));

    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--env", "DB_PASS=" + DB_PASS));

    assertThat(result.exit()).as("%s", result).isEqualTo(1);
    assertThat(result.calls()).extracting(Sandbox.Call::program).containsExactly("java");
    assertThat(result.stderr()).contains("ERROR API_KEY: the variable is not set")
        .contains("1 error, 0 warnings")
        .contains("the pre-deploy check found errors in the function's secrets (above); nothing was deployed");
    assertThat(Sandbox.regularFiles(sandbox.tmp)).as("the YAML file is deleted").isEmpty();
  }

  @Test
  void plaintextValue_stopsBeforeGcloudAndIsPrintedNowhere() throws IOException {
    ORDERS.writeTo(source.resolve("orders.jar"));
    String canary = "canary-Pl41ntext-9f3c2e71";

    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--env", "DB_PASS=" + DB_PASS,
        "--env", "API_KEY=" + canary));

    assertThat(result.exit()).as("%s", result).isEqualTo(1);
    assertThat(result.calls()).extracting(Sandbox.Call::program).containsExactly("java");
    assertThat(result.stderr()).contains("ERROR API_KEY: holds no reference (no scheme://) and is not declared"
        + " encrypted: it looks like a plaintext secret");
    assertThat(result.stdout()).doesNotContain(canary);
    assertThat(result.stderr()).doesNotContain(canary);
    for (Sandbox.Call call : result.calls()) {
      assertThat(call.argv()).as("arguments of %s", call.argv()).noneMatch(a -> a.contains(canary));
      assertThat(call.env()).as("environment of %s", call.argv())
          .allSatisfy((name, value) -> assertThat(value).doesNotContain(canary));
    }
    assertThat(Sandbox.regularFiles(sandbox.tmp)).as("the YAML file is deleted").isEmpty();
  }

  @Test
  void schemeTheFunctionDoesNotBind_stopsBeforeGcloud() throws IOException {
    ORDERS.writeTo(source.resolve("orders.jar"));

    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--env", "DB_PASS=" + DB_PASS,
        "--env", "API_KEY=sm://my-proj/api-key#1"));

    assertThat(result.exit()).as("%s", result).isEqualTo(1);
    assertThat(result.calls()).extracting(Sandbox.Call::program).containsExactly("java");
    assertThat(result.stderr()).contains("ERROR API_KEY: 'sm://' references need SecretManagerModule from"
        + " secretfn-gcp-secretmanager (this component reads gcp-kms://, gs://)");
  }

  @Test
  void unpinnedReference_isAWarningAndDeploys() throws IOException {
    ORDERS.writeTo(source.resolve("orders.jar"));

    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--env", "DB_PASS=" + DB_PASS,
        "--env", "API_KEY=gs://my-secrets/orders/api.json#key"));

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).extracting(Sandbox.Call::program).containsExactly("java", "gcloud");
    assertThat(result.stderr()).contains("WARNING API_KEY: reads gs://my-secrets/orders/api.json#key at whatever"
        + " version is current").contains("0 errors, 1 warning");
  }

  @Test
  void functionJar_isTheOneJarInTheSourceDirectory_orTheGivenOne() throws IOException {
    ORDERS.writeTo(source.resolve("orders.jar"));
    Path elsewhere = ORDERS.writeTo(sandbox.home.resolve("built/orders-function.jar"));

    Sandbox.Result found = sandbox.run("deploy-function.sh", "", args("--env", "DB_PASS=" + DB_PASS,
        "--env", "API_KEY=" + API_KEY));
    Files.write(source.resolve("other.jar"), new byte[] {'P', 'K'});
    Sandbox.Result given = sandbox.run("deploy-function.sh", "", args("--env", "DB_PASS=" + DB_PASS,
        "--env", "API_KEY=" + API_KEY, "--function-jar", elsewhere.toString()));

    assertThat(found.exit()).as("%s", found).isZero();
    assertThat(found.call(0).argv()).containsSequence("--jar", "fn/orders.jar");
    assertThat(given.exit()).as("%s", given).isZero();
    assertThat(given.call(0).argv()).containsSequence("--jar", elsewhere.toString());
  }

  @Test
  void twoJarsNoJarOrARemoteSource_areUsageErrorsThatSayWhatToPass() throws IOException {
    Sandbox.Result none = sandbox.run("deploy-function.sh", "", args("--env", "API_KEY=" + API_KEY));
    Files.createDirectories(source.resolve("target"));
    Files.write(source.resolve("target/orders-1.0.jar"), new byte[] {'P', 'K'});
    Files.write(source.resolve("target/orders-1.0-function.jar"), new byte[] {'P', 'K'});
    Sandbox.Result two = sandbox.run("deploy-function.sh", "", args("--env", "API_KEY=" + API_KEY));
    Sandbox.Result remote = sandbox.run("deploy-function.sh", "", "--name", "orders", "--project", "my-proj",
        "--region", "europe-west1", "--source", "gs://my-builds/orders.zip", "--entry-point", ENTRY_POINT,
        "--service-account", ScriptConventionsTest.SA, "--env", "API_KEY=" + API_KEY);
    Sandbox.Result notAFile = sandbox.run("deploy-function.sh", "", args("--env", "API_KEY=" + API_KEY,
        "--function-jar", "nowhere.jar"));

    assertThat(none.stderr()).contains("no jar in fn or fn/target for the pre-deploy check: build the function"
        + " first, or pass --function-jar (--skip-check deploys unchecked)");
    assertThat(two.stderr()).contains("fn/target holds 2 jars: pass --function-jar with the function's");
    assertThat(remote.stderr()).contains("--source gs://my-builds/orders.zip is not local: pass --function-jar");
    assertThat(notAFile.stderr()).contains("--function-jar: 'nowhere.jar' is not a file");
    for (Sandbox.Result result : List.of(none, two, remote, notAFile)) {
      assertThat(result.exit()).as("%s", result).isEqualTo(2);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void remoteSourceWithTheFunctionJar_isCheckedThenDeployed() throws IOException {
    Path jar = ORDERS.writeTo(sandbox.home.resolve("orders.jar"));

    Sandbox.Result result = sandbox.run("deploy-function.sh", "", "--name", "orders", "--project", "my-proj",
        "--region", "europe-west1", "--source", "gs://my-builds/orders.zip", "--entry-point", ENTRY_POINT,
        "--service-account", ScriptConventionsTest.SA, "--env", "DB_PASS=" + DB_PASS, "--env", "API_KEY=" + API_KEY,
        "--function-jar", jar.toString());

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).extracting(Sandbox.Call::program).containsExactly("java", "gcloud");
    assertThat(result.call(1).argv()).contains("--source=gs://my-builds/orders.zip");
  }

  @Test
  void checkJar_fromTheOptionOrTheEnvironment_mustBeAFile() throws IOException {
    ORDERS.writeTo(source.resolve("orders.jar"));
    Path copy = Files.copy(FunctionJar.CHECK_CLI, sandbox.home.resolve("check.jar"));

    Sandbox.Result option = sandbox.run("deploy-function.sh", "", args("--env", "DB_PASS=" + DB_PASS,
        "--env", "API_KEY=" + API_KEY, "--check-jar", copy.toString()));
    Sandbox.Result badOption = sandbox.run("deploy-function.sh", "", args("--env", "API_KEY=" + API_KEY,
        "--check-jar", "nowhere.jar"));
    Sandbox.Result badVariable = sandbox.env("SECRETFN_CHECK_JAR", "nowhere.jar")
        .run("deploy-function.sh", "", args("--env", "API_KEY=" + API_KEY));

    assertThat(option.exit()).as("%s", option).isZero();
    assertThat(option.call(0).argv()).containsSequence("java", "-jar", copy.toString());
    assertThat(badOption.stderr()).contains("--check-jar: 'nowhere.jar' is not a file");
    assertThat(badVariable.stderr()).contains("SECRETFN_CHECK_JAR: 'nowhere.jar' is not a file");
    for (Sandbox.Result result : List.of(badOption, badVariable)) {
      assertThat(result.exit()).as("%s", result).isEqualTo(2);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void skipCheck_deploysUncheckedWithANote_andExcludesTheProbe() {
    Sandbox.Result skipped = sandbox.run("deploy-function.sh", "", args("--env", "API_KEY=not-even-a-reference",
        "--skip-check"));
    Sandbox.Result probe = sandbox.run("deploy-function.sh", "", args("--env", "API_KEY=" + API_KEY,
        "--skip-check", "--probe"));

    assertThat(skipped.exit()).as("%s", skipped).isZero();
    assertThat(skipped.calls()).extracting(Sandbox.Call::program).containsExactly("gcloud");
    assertThat(skipped.stderr()).contains("--skip-check: deploying without the pre-deploy check");
    assertThat(probe.exit()).isEqualTo(2);
    assertThat(probe.stderr()).contains("--probe is part of the check, which --skip-check skips");
    assertThat(probe.calls()).isEmpty();
  }

  @Test
  void noVariables_deploysWithoutACheck() throws IOException {
    ORDERS.writeTo(source.resolve("orders.jar"));

    Sandbox.Result result = sandbox.run("deploy-function.sh", "", REQUIRED);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(DEPLOY);
    assertThat(result.stderr()).contains("keeps the variables it has (nothing to check)");
  }

  @Test
  void dryRun_printsTheCheckOnTheYamlBeforeTheDeploy() throws IOException {
    ORDERS.writeTo(source.resolve("orders.jar"));

    Sandbox.Result result = sandbox.run("deploy-function.sh", "", args("--env", "API_KEY=" + API_KEY,
        "--probe", "--dry-run"));

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).isEmpty();
    assertThat(result.stdout()).isEqualTo("cat > env-vars.yaml <<'EOF'\n"
        + "API_KEY: \"" + API_KEY + "\"\n"
        + "EOF\n"
        + "java -jar " + FunctionJar.CHECK_CLI + " --jar fn/orders.jar --entry-point " + ENTRY_POINT
        + " --probe --env-vars-file env-vars.yaml\n"
        + String.join(" ", DEPLOY) + " --env-vars-file=env-vars.yaml\n"
        + "rm -f env-vars.yaml\n");
  }

  /**
   * --probe reaches the check, which reads the object through the Cloud Storage emulator (as the function would
   * at a cold start) and wipes it; a denied read stops the deploy, naming the role, and never prints the value.
   */
  @Test
  void probe_readsEachSecretThroughTheStore_andADeniedOneStopsTheDeploy() throws IOException {
    FunctionJar.of("com.example.orders.OrdersComponent", List.of(FunctionJar.GCS),
        "com.example.orders.OrdersSecrets", FunctionJar.required("API_KEY")).writeTo(source.resolve("orders.jar"));
    String canary = "canary-api-key-0b7d41";
    try (CloudStorageEmulator gcs = CloudStorageEmulator.start()) {
      gcs.createBucket("my-secrets");
      long generation = gcs.putObject("my-secrets", "orders/api.json",
          ("{\"key\":\"" + canary + "\"}").getBytes(UTF_8));
      String reference = "gs://my-secrets/orders/api.json?generation=" + generation + "#key";
      sandbox.env(GcpSettings.STORAGE_EMULATOR_HOST, gcs.endpoint().substring("http://".length()));

      Sandbox.Result reachable = sandbox.run("deploy-function.sh", "", args("--env", "API_KEY=" + reference,
          "--probe"));
      gcs.knobs().deny("my-secrets/orders/api.json");
      Sandbox.Result denied = sandbox.run("deploy-function.sh", "", args("--env", "API_KEY=" + reference,
          "--probe"));

      assertThat(reachable.exit()).as("%s", reachable).isZero();
      assertThat(reachable.call(0).argv()).contains("--probe");
      assertThat(reachable.calls()).extracting(Sandbox.Call::program).containsExactly("java", "gcloud");
      assertThat(reachable.stderr()).contains("NOTE API_KEY: reachable with these credentials");
      assertThat(denied.exit()).as("%s", denied).isEqualTo(1);
      assertThat(denied.calls()).extracting(Sandbox.Call::program).containsExactly("java");
      assertThat(denied.stderr()).contains("ERROR API_KEY:").contains("403").contains("roles/storage.objectViewer");
      for (Sandbox.Result result : List.of(reachable, denied)) {
        assertThat(result.stdout() + result.stderr()).doesNotContain(canary);
      }
    }
  }

  private static String[] args(String... more) {
    List<String> all = new ArrayList<>(List.of(REQUIRED));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}

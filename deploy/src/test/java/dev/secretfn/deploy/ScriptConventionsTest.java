package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What every deploy/gcp and deploy/aws script promises: help, usage errors, and a dry run that runs nothing. */
class ScriptConventionsTest {
  static final String KEY = "projects/my-proj/locations/global/keyRings/secretfn/cryptoKeys/fn-orders";
  static final String SA = "fn-orders@my-proj.iam.gserviceaccount.com";
  static final String AWS_KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @TempDir Path dir;

  /** Each script with arguments that make a complete, valid run. */
  static Stream<Arguments> scripts() {
    return Stream.concat(gcpScripts().map(a -> prepend(Platform.GCP, a)),
        awsScripts().map(a -> prepend(Platform.AWS, a)));
  }

  private static Stream<Arguments> gcpScripts() {
    return Stream.of(
        Arguments.of("setup-kms.sh",
            List.of("--project", "my-proj", "--keyring", "secretfn", "--key", "fn-orders",
                "--service-account", "fn-orders")),
        Arguments.of("create-bucket.sh",
            List.of("--project", "my-proj", "--bucket", "my-secrets", "--location", "europe-west1")),
        Arguments.of("encrypt-env.sh", List.of("--key", KEY, "--name", "DB_PASS", "--bind-name")),
        Arguments.of("put-bucket-secret.sh",
            List.of("--bucket", "my-secrets", "--object", "orders/db.json", "--field", "password", "--pin")),
        Arguments.of("put-berglas-secret.sh",
            List.of("--key", KEY, "--bucket", "my-secrets", "--object", "orders/api-key", "--pin")),
        Arguments.of("put-secret-manager-secret.sh",
            List.of("--project", "my-proj", "--secret", "orders-db", "--service-account", SA, "--field", "password")),
        Arguments.of("grant-access.sh",
            List.of("--service-account", SA, "--secret", "gs://my-secrets/orders/db.json#password")),
        Arguments.of("deploy-function.sh",
            List.of("--name", "orders", "--project", "my-proj", "--region", "europe-west1", "--source", ".",
                "--entry-point", "com.example.Orders", "--service-account", SA, "--env", "A=b",
                // No function jar here: the check's dry run is DeployFunctionCheckTest's.
                "--skip-check")));
  }

  private static Stream<Arguments> awsScripts() {
    return Stream.of(
        Arguments.of("encrypt-env.sh", List.of("--key", AWS_KEY_ARN, "--function", "orders-weather")),
        Arguments.of("put-s3-secret.sh",
            List.of("--bucket", "my-secrets", "--object", "orders/credentials.json", "--kms-key", AWS_KEY_ARN,
                "--field", "password", "--pin")),
        Arguments.of("put-ssm-parameter.sh",
            List.of("--name", "/secretfn/orders/signing-key", "--kms-key", AWS_KEY_ARN, "--field", "key")),
        Arguments.of("deploy.sh", List.of("--stack-name", "orders", "--region", "eu-west-1", "--upstream-url",
            "https://api.example.com/v1")));
  }

  private static Arguments prepend(Platform platform, Arguments arguments) {
    Object[] all = new Object[arguments.get().length + 1];
    all[0] = platform;
    System.arraycopy(arguments.get(), 0, all, 1, arguments.get().length);
    return Arguments.of(all);
  }

  static Stream<Arguments> scriptNames() {
    return scripts().map(a -> Arguments.of(a.get()[0], a.get()[1]));
  }

  @ParameterizedTest
  @EnumSource(Platform.class)
  void scriptList_coversEveryScriptOfThePlatform(Platform platform) throws IOException {
    List<String> onDisk;
    try (Stream<Path> files = Files.list(platform.scripts)) {
      onDisk = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sh") && !n.equals("lib.sh"))
          .sorted()
          .collect(Collectors.toList());
    }
    assertThat(onDisk).containsExactlyInAnyOrderElementsOf(scriptNames()
        .filter(a -> a.get()[0] == platform)
        .map(a -> (String) a.get()[1])
        .collect(Collectors.toList()));
  }

  @ParameterizedTest
  @MethodSource("scriptNames")
  void script_isExecutableBashWithStrictMode(Platform platform, String script) throws IOException {
    Path file = platform.scripts.resolve(script);
    assertThat(Files.isExecutable(file)).as("%s is executable", script).isTrue();
    List<String> lines = Files.readAllLines(file, UTF_8);
    assertThat(lines.get(0)).isEqualTo("#!/usr/bin/env bash");
    assertThat(lines).contains("set -euo pipefail");
  }

  @ParameterizedTest
  @MethodSource("scriptNames")
  void help_printsUsageAndExitsZero(Platform platform, String script) throws IOException {
    Sandbox sandbox = Sandbox.create(dir, platform);
    Sandbox.Result result = sandbox.run(script, "", "--help");
    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.stdout()).startsWith("Usage: " + script).contains("--dry-run");
    assertThat(result.calls()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("scriptNames")
  void unknownArgument_isAUsageErrorThatRunsNothing(Platform platform, String script) throws IOException {
    Sandbox sandbox = Sandbox.create(dir, platform);
    Sandbox.Result result = sandbox.run(script, "", "--frobnicate");
    assertThat(result.exit()).as("%s", result).isEqualTo(2);
    assertThat(result.stderr())
        .contains(script + ": error: unknown argument '--frobnicate'")
        .contains("Run '" + script + " --help' for usage.");
    assertThat(result.stdout()).isEmpty();
    assertThat(result.calls()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("scriptNames")
  void noArguments_isAUsageErrorNamingTheMissingOption(Platform platform, String script) throws IOException {
    Sandbox sandbox = Sandbox.create(dir, platform);
    Sandbox.Result result = sandbox.run(script, "");
    assertThat(result.exit()).as("%s", result).isEqualTo(2);
    assertThat(result.stderr()).containsPattern(script + ": error: missing required option --[a-z-]+\n");
    assertThat(result.calls()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void optionWithoutValue_isAUsageError(Platform platform, String script, List<String> args) throws IOException {
    Sandbox sandbox = Sandbox.create(dir, platform);
    int last = -1;
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).startsWith("--") && !args.get(i + 1).startsWith("--")) {
        last = i;
      }
    }
    String option = args.get(last);
    Sandbox.Result result = sandbox.run(script, "", args.subList(0, last + 1).toArray(String[]::new));
    assertThat(result.exit()).as("%s", result).isEqualTo(2);
    assertThat(result.stderr()).contains("option " + option + " needs a value");
    assertThat(result.calls()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void dryRunFlag_printsCliCommandsRunsNothingAndLeavesStdinUnread(
      Platform platform, String script, List<String> args) throws IOException {
    Sandbox sandbox = Sandbox.create(dir, platform);
    List<String> withFlag = new ArrayList<>(args);
    withFlag.add("--dry-run");
    Sandbox.Result result = sandbox.runWithOpenStdin(script, withFlag.toArray(String[]::new));
    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.stdout()).containsPattern("(?m)^(" + String.join("|", platform.clis) + ") [a-z]");
    assertThat(result.calls()).as("stand-in calls in a dry run").isEmpty();
    assertThat(Sandbox.regularFiles(sandbox.tmp)).isEmpty();
    assertThat(Sandbox.regularFiles(sandbox.work)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void dryRunVariable_isTheSameAsTheFlag(Platform platform, String script, List<String> args) throws IOException {
    Sandbox sandbox = Sandbox.create(dir, platform);
    List<String> withFlag = new ArrayList<>(args);
    withFlag.add("--dry-run");
    String byFlag = sandbox.run(script, "", withFlag.toArray(String[]::new)).stdout();
    Sandbox.Result byVariable = sandbox.env("DRY_RUN", "1").run(script, "", args.toArray(String[]::new));
    assertThat(byVariable.exit()).as("%s", byVariable).isZero();
    assertThat(byVariable.stdout()).isEqualTo(byFlag);
    assertThat(byVariable.calls()).isEmpty();
  }

  @Test
  void equalsSignForm_isTheSameAsTwoWords() throws IOException {
    Sandbox sandbox = Sandbox.create(dir, Platform.GCP);
    Sandbox.Result spaced = sandbox.run("create-bucket.sh", "",
        "--project", "my-proj", "--bucket", "my-secrets", "--location", "europe-west1", "--dry-run");
    Sandbox.Result joined = sandbox.run("create-bucket.sh", "",
        "--project=my-proj", "--bucket=my-secrets", "--location=europe-west1", "--dry-run");
    assertThat(joined.exit()).isZero();
    assertThat(joined.stdout()).isEqualTo(spaced.stdout());
  }
}

package dev.secretfn.deploy;

import static dev.secretfn.deploy.AwsDeployTest.CIPHERTEXT;
import static dev.secretfn.deploy.AwsDeployTest.JAR;
import static dev.secretfn.deploy.AwsDeployTest.OTHER_JARS;
import static dev.secretfn.deploy.AwsDeployTest.OUTPUTS;
import static dev.secretfn.deploy.FunctionJar.secret;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy.sh runs the real pre-deploy check (through the java stand-in) over every function of a copy of the
 * repository's template.yaml, with fixture jars at the paths its CodeUri properties name that declare what the
 * Lambda samples declare, and with the parameter values the stack will have: those passed, else the stack's.
 */
class AwsDeployCheckTest {
  /** The describe-stacks call that reads every current parameter of the stack. */
  static final List<String> STACK_PARAMETERS = List.of("aws", "cloudformation", "describe-stacks", "--stack-name",
      "orders", "--region", "eu-west-1", "--query", "Stacks[0].Parameters[].[ParameterKey,ParameterValue]",
      "--output", "text");
  static final String UNPINNED = "at whatever version is current when an instance starts";

  @TempDir Path dir;
  Sandbox sandbox;
  Path template;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.AWS).env("SECRETFN_CHECK_JAR", FunctionJar.CHECK_CLI.toString());
    template = sandbox.root.resolve("repo/deploy/aws/template.yaml");
    Files.createDirectories(template.getParent());
    Files.copy(Platform.AWS.scripts.resolve("template.yaml"), template);
    FunctionJar.of("dev.secretfn.samples.lambda.WeatherComponent", List.of(FunctionJar.AWS_KMS),
        "dev.secretfn.samples.lambda.WeatherSecrets", secret("API_KEY", "Secret", true, "AWS"))
        .writeTo(template.resolveSibling(JAR).normalize());
    FunctionJar.of("dev.secretfn.samples.lambda.OrdersComponent", List.of(FunctionJar.S3),
        "dev.secretfn.samples.lambda.OrdersSecrets", secret("DB_PASS", "Secret", true, null),
        secret("DB_USER", "String", true, null))
        .writeTo(template.resolveSibling(OTHER_JARS.get(0)).normalize());
    FunctionJar.of("dev.secretfn.samples.lambda.BillingComponent", List.of(FunctionJar.AWS_SM, FunctionJar.SSM),
        "dev.secretfn.samples.lambda.BillingSecrets", secret("DB_USER", "String", true, null),
        secret("DB_PASS", "Secret", true, null), secret("SIGNING_KEY", "Secret", true, null),
        secret("WEBHOOK_SECRET", "Secret", true, null))
        .writeTo(template.resolveSibling(OTHER_JARS.get(1)).normalize());
  }

  Sandbox.Result deployScript(String... args) {
    List<String> all = new ArrayList<>(List.of("--stack-name", "orders", "--region", "eu-west-1", "--template",
        template.toString()));
    all.addAll(List.of(args));
    return sandbox.run("deploy.sh", "", all.toArray(String[]::new));
  }

  /** The check's command line with these arguments after --sam-template and --stack-name. */
  List<String> check(String... more) {
    List<String> command = new ArrayList<>(List.of("java", "-jar", FunctionJar.CHECK_CLI.toString(),
        "--sam-template", template.toString(), "--stack-name", "orders"));
    command.addAll(List.of(more));
    return command;
  }

  @Test
  void firstDeploy_checksEveryFunctionWithThePassedValuesAndTheDefaults_thenDeploys() {
    Sandbox.Result result = deployScript("--api-key-ciphertext", CIPHERTEXT);

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).hasSize(4);
    assertThat(result.call(0).argv()).isEqualTo(STACK_PARAMETERS);
    assertThat(result.call(1).argv()).isEqualTo(check("--parameter", "CreateFunctions=true",
        "--parameter", "ApiKeyCiphertext=" + CIPHERTEXT));
    assertThat(result.call(2).argv()).startsWith("sam", "deploy");
    assertThat(result.call(3).argv()).isEqualTo(OUTPUTS);
    assertThat(result.stderr())
        .contains("stack orders does not exist yet: the check takes the template's Defaults")
        .contains("function ApiGatewayFunction: 1 declared secret")
        .contains("function BillingWebhookFunction: 4 declared secrets")
        .contains("function OrdersStreamFunction: 2 declared secrets")
        .contains("WARNING SIGNING_KEY: reads ssm:///secretfn/billing/signing-key " + UNPINNED)
        .doesNotContain("ERROR");
  }

  @Test
  void firstDeployWithoutTheApiKey_stopsBeforeSamDeploy() {
    Sandbox.Result result = deployScript();

    assertThat(result.exit()).as("%s", result).isEqualTo(1);
    assertThat(result.commands()).containsExactly(STACK_PARAMETERS, check("--parameter", "CreateFunctions=true"));
    assertThat(result.stderr()).contains("ERROR API_KEY: is empty")
        .contains("the pre-deploy check found errors in the function's secrets (above); nothing was deployed");
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void laterDeploy_checksTheStacksCurrentValuesOfTheParametersNotPassed_withoutShowingThem() {
    String stack = "CreateFunctions\\tfalse\\n"
        + "ApiKeyCiphertext\\t" + CIPHERTEXT + "\\n"
        + "UpstreamUrl\\thttps://api.example.com/v1\\n"
        + "SigningKeyVersion\\t3\\n"
        + "WebhookSecretVersion\\t12\\n"
        + "RemovedFromTheTemplate\\tx\\n";
    Sandbox.Result kept = sandbox.env("STANDIN_EXISTING", "stack").env("STANDIN_STACK_PARAMETERS", stack)
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--template", template.toString());
    Sandbox.Result unpinned = deployScript("--unpin-signing-key");

    assertThat(kept.exit()).as("%s", kept).isZero();
    assertThat(kept.call(1).argv()).isEqualTo(check("--parameter", "CreateFunctions=true",
        "--parameter", "ApiKeyCiphertext=" + CIPHERTEXT, "--parameter", "UpstreamUrl=https://api.example.com/v1",
        "--parameter", "SigningKeyVersion=3", "--parameter", "WebhookSecretVersion=12"));
    assertThat(kept.stderr()).contains("--parameter 'ApiKeyCiphertext=<the stack'\\''s current value>'")
        .doesNotContain(CIPHERTEXT).doesNotContain("ERROR").doesNotContain("WARNING SIGNING_KEY")
        .doesNotContain("WARNING WEBHOOK_SECRET");
    assertThat(kept.call(2).argv()).startsWith("sam", "deploy");

    assertThat(unpinned.exit()).as("%s", unpinned).isZero();
    assertThat(unpinned.call(1).argv()).isEqualTo(check("--parameter", "CreateFunctions=true",
        "--parameter", "SigningKeyVersion=", "--parameter", "ApiKeyCiphertext=" + CIPHERTEXT,
        "--parameter", "UpstreamUrl=https://api.example.com/v1", "--parameter", "WebhookSecretVersion=12"));
    assertThat(unpinned.stderr()).contains("WARNING SIGNING_KEY: reads ssm:///secretfn/billing/signing-key "
        + UNPINNED).doesNotContain("WARNING WEBHOOK_SECRET");
  }

  @Test
  void plaintextInTheStack_stopsBeforeSamDeployAndIsPrintedNowhere() {
    String canary = "canary-plain-api-key-77e1";
    Sandbox.Result result = sandbox.env("STANDIN_EXISTING", "stack")
        .env("STANDIN_STACK_PARAMETERS", "ApiKeyCiphertext\\t" + canary + "\\n")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--template", template.toString());

    assertThat(result.exit()).as("%s", result).isEqualTo(1);
    assertThat(result.calls()).extracting(Sandbox.Call::program).containsExactly("aws", "java");
    assertThat(result.stderr()).contains("ERROR API_KEY:");
    assertThat(result.stdout()).doesNotContain(canary);
    assertThat(result.stderr()).doesNotContain(canary);
  }

  @Test
  void stackParametersUnreadable_stopsBeforeTheCheck() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "Stacks[0].Parameters[].[")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--template", template.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.commands()).containsExactly(STACK_PARAMETERS);
    assertThat(result.stderr()).contains("(stand-in) injected failure")
        .contains("could not read the current parameters of stack orders (above), which the pre-deploy check"
            + " needs; nothing was deployed (--skip-check deploys unchecked)");
  }

  @Test
  void skipCheck_deploysUncheckedWithANote_andExcludesTheProbe() {
    Sandbox.Result skipped = deployScript("--skip-check");
    Sandbox.Result probe = deployScript("--skip-check", "--probe");

    assertThat(skipped.exit()).as("%s", skipped).isZero();
    assertThat(skipped.calls()).extracting(Sandbox.Call::program).containsExactly("sam", "aws");
    assertThat(skipped.stderr()).contains("--skip-check: deploying without the pre-deploy check");
    assertThat(probe.exit()).isEqualTo(2);
    assertThat(probe.stderr()).contains("--probe is part of the check, which --skip-check skips");
    assertThat(probe.calls()).isEmpty();
  }

  @Test
  void bootstrap_deploysNoFunction_soNothingIsChecked() {
    Sandbox.Result result = deployScript("--bootstrap", "--probe");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).extracting(Sandbox.Call::program).containsExactly("aws", "sam", "aws");
    assertThat(result.stderr()).contains("--bootstrap deploys no function: there is nothing for the pre-deploy"
        + " check to check");
  }

  @Test
  void build_checksTheSourceTemplateWhoseCodeUriNamesTheJars_andSaysSo() {
    Sandbox.Result result = deployScript("--api-key-ciphertext", CIPHERTEXT, "--build");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).extracting(Sandbox.Call::program).containsExactly("sam", "aws", "java", "sam", "aws");
    assertThat(result.call(2).argv()).containsSequence("--sam-template", template.toString());
    assertThat(result.call(3).argv()).containsSequence("--template-file", ".aws-sam/build/template.yaml");
    assertThat(result.stderr()).contains("--build: the pre-deploy check reads " + template + ", whose CodeUri"
        + " must name the functions' jars (sam build's output names directories");
  }

  @Test
  void probe_isPassedToTheCheckWithTheRegion() throws IOException {
    // A function with nothing to probe (its one optional variable is not set), so no store is called.
    Path own = sandbox.work.resolve("own.yaml");
    Files.writeString(own, "Transform: AWS::Serverless-2016-10-31\n"
        + "Parameters:\n  CreateFunctions:\n    Type: String\n    Default: \"true\"\n"
        + "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: fn.jar\n",
        UTF_8);
    FunctionJar.of("app.Component", List.of(FunctionJar.SSM), "app.Secrets", secret("TOKEN", "Secret", false, null))
        .writeTo(sandbox.work.resolve("fn.jar"));

    Sandbox.Result result = sandbox.run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1",
        "--template", "own.yaml", "--probe");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(1).argv()).isEqualTo(List.of("java", "-jar", FunctionJar.CHECK_CLI.toString(),
        "--sam-template", "own.yaml", "--stack-name", "orders", "--probe", "--parameter", "CreateFunctions=true"));
    assertThat(result.call(1).env()).containsEntry("AWS_REGION", "eu-west-1");
    assertThat(result.stderr()).contains("0 errors");
  }

  @Test
  void dryRun_printsTheStacksParametersQueryAndTheCheck() {
    Sandbox.Result result = deployScript("--api-key-ciphertext", CIPHERTEXT, "--probe", "--dry-run");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.calls()).isEmpty();
    assertThat(result.stdout()).contains("# the stack's current parameters: the check gets --parameter NAME=VALUE"
        + " for each one not passed\n"
        + "aws cloudformation describe-stacks --stack-name orders --region eu-west-1 --query"
        + " 'Stacks[0].Parameters[].[ParameterKey,ParameterValue]' --output text\n"
        + "java -jar " + FunctionJar.CHECK_CLI + " --sam-template " + template + " --stack-name orders --probe"
        + " --parameter"
        + " CreateFunctions=true --parameter ApiKeyCiphertext=" + CIPHERTEXT + "\n"
        + "sam deploy ");
  }
}

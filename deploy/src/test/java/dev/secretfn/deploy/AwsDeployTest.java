package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/aws/deploy.sh against the recording sam and aws stand-ins. */
class AwsDeployTest {
  static final String TEMPLATE = Platform.AWS.scripts.resolve("template.yaml").toString();
  /** Canonical padded base64 with '+', '/' and '=' in it, as KMS ciphertext blobs have. */
  static final String CIPHERTEXT = "AQICAHj777/+/2EgZmFrZSBLTVMgY2lwaGVydGV4dCBibG9iIQ==";
  static final List<String> SAM_DEPLOY = List.of("sam", "deploy", "--template-file", TEMPLATE,
      "--stack-name", "orders", "--region", "eu-west-1", "--capabilities", "CAPABILITY_IAM",
      "--no-fail-on-empty-changeset", "--resolve-s3", "--parameter-overrides");
  static final List<String> PARAMETERS = List.of("aws", "cloudformation", "describe-stacks", "--stack-name", "orders",
      "--region", "eu-west-1", "--query", "Stacks[0].Parameters[?ParameterKey=='CreateFunctions'].ParameterValue",
      "--output", "text");
  static final List<String> OUTPUTS = List.of("aws", "cloudformation", "describe-stacks", "--stack-name", "orders",
      "--region", "eu-west-1", "--query", "Stacks[0].Outputs[].[OutputKey,OutputValue]", "--output", "text");
  static final String KEY_ARN = ScriptConventionsTest.AWS_KEY_ARN;
  /** describe-stacks --output text: one tab-separated line per output (printf %b escapes for the stand-in). */
  static final String STACK_OUTPUTS = "SecretsKeyArn\\t" + KEY_ARN + "\\n"
      + "SecretsKeyAlias\\talias/orders-secrets\\n"
      + "SecretsBucketName\\torders-secretsbucket-1a2b3c4d5e6f\\n"
      + "CredentialsObject\\ts3://orders-secretsbucket-1a2b3c4d5e6f/orders/credentials.json\\n"
      + "ApiGatewayFunctionName\\torders-weather\\n"
      + "OrdersStreamFunctionName\\torders-orders\\n";

  @TempDir Path dir;
  Sandbox sandbox;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.AWS);
  }

  @Test
  void bootstrap_deploysKeyAndBucketOnlyAndPrintsTheOutputsForEval() throws Exception {
    Sandbox.Result result = sandbox.env("STANDIN_STACK_OUTPUTS", STACK_OUTPUTS)
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--bootstrap");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(PARAMETERS, deploy("CreateFunctions=false"), OUTPUTS);
    assertThat(result.stdout()).isEqualTo("SECRETS_KEY_ARN=" + KEY_ARN + "\n"
        + "SECRETS_BUCKET=orders-secretsbucket-1a2b3c4d5e6f\n"
        + "API_FUNCTION=orders-weather\n"
        + "ORDERS_FUNCTION=orders-orders\n");
    assertThat(evalAndPrint(result.stdout(), "$SECRETS_KEY_ARN $API_FUNCTION"))
        .isEqualTo(KEY_ARN + " orders-weather");
  }

  @Test
  void bootstrap_refusesToRemoveTheFunctionsOfAStackThatHasThem() {
    Sandbox.Result refused = sandbox.env("STANDIN_EXISTING", "stack")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--bootstrap");
    Sandbox.Result allowed = sandbox.env("STANDIN_CREATE_FUNCTIONS", "false")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--bootstrap");

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr()).contains("stack orders has its functions: --bootstrap would delete them");
    assertThat(refused.commands()).containsExactly(PARAMETERS);
    assertThat(allowed.exit()).as("%s", allowed).isZero();
    assertThat(allowed.commands()).containsExactly(PARAMETERS, deploy("CreateFunctions=false"), OUTPUTS);
  }

  @Test
  void deploy_passesEveryParameterAsOneOverrideEachInOrder() {
    String apiUrl = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/weather";
    Sandbox.Result result = sandbox.env("STANDIN_STACK_OUTPUTS", STACK_OUTPUTS + "WeatherApiUrl\\t" + apiUrl + "\\n")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1",
            "--api-key-ciphertext", CIPHERTEXT, "--upstream-url", "https://api.example.com/v1?units=metric&x=1",
            "--credentials-version", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "--snap-start", "true",
            "--deployer-role-arn", "arn:aws:iam::111122223333:role/ci-deployer", "--s3-bucket", "my-artifacts",
            "--", "--confirm-changeset", "--tags", "team=orders");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> expected = new ArrayList<>(SAM_DEPLOY);
    expected.set(expected.indexOf("--resolve-s3"), "--s3-bucket");
    expected.add(expected.indexOf("--s3-bucket") + 1, "my-artifacts");
    expected.addAll(List.of("CreateFunctions=true", "ApiKeyCiphertext=" + CIPHERTEXT,
        "UpstreamUrl=https://api.example.com/v1?units=metric&x=1",
        "CredentialsVersionId=3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", "EnableSnapStart=true",
        "DeployerRoleArn=arn:aws:iam::111122223333:role/ci-deployer",
        "--confirm-changeset", "--tags", "team=orders"));
    assertThat(result.commands()).containsExactly(expected, OUTPUTS);
    assertThat(result.stdout()).endsWith("ORDERS_FUNCTION=orders-orders\nWEATHER_API_URL=" + apiUrl + "\n");
  }

  @Test
  void deploy_withoutTheApiKey_keepsTheStacksValueAndSaysSo() {
    Sandbox.Result result = sandbox.run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(deploy("CreateFunctions=true"), OUTPUTS);
    assertThat(result.stderr()).contains("the stack keeps its current ApiKeyCiphertext");
  }

  @Test
  void referenceForm_unpinGuidedAndBuild() {
    String reference = "aws-kms://" + KEY_ARN + "?ciphertext=" + CIPHERTEXT;
    Sandbox.Result result = sandbox.run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1",
        "--api-key-ciphertext", reference, "--unpin-credentials", "--guided", "--build");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> deploy = deploy("CreateFunctions=true", "ApiKeyCiphertext=" + reference,
        "CredentialsVersionId=\"\"", "--guided");
    deploy.set(deploy.indexOf(TEMPLATE), ".aws-sam/build/template.yaml");
    assertThat(result.commands())
        .containsExactly(List.of("sam", "build", "--template-file", TEMPLATE), deploy, OUTPUTS);
  }

  @Test
  void ownTemplate_isDeployedInsteadOfTheSample() throws IOException {
    Path own = sandbox.work.resolve("my-template.yaml");
    Files.writeString(own, "Transform: AWS::Serverless-2016-10-31\n", UTF_8);
    Sandbox.Result result = sandbox.run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1",
        "--template", "my-template.yaml");
    Sandbox.Result missing = sandbox.run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1",
        "--template", "nowhere.yaml");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.call(0).argv()).containsSequence("--template-file", "my-template.yaml");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.stderr()).contains("'nowhere.yaml' is not a file");
  }

  @Test
  void plaintextWhereTheCiphertextGoes_isAUsageErrorThatDoesNotRepeatIt() {
    for (String value : List.of("my plain api key", "hunter2!", "abc", "aws-kms://?ciphertext=abc",
        "aws-kms://alias/x?ciphertext=AQIDBA", "aws-kms://al%as?ciphertext=AQIDBA==")) {
      Sandbox.Result result = sandbox.run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1",
          "--api-key-ciphertext", value);

      assertThat(result.exit()).as("%s: %s", value, result).isEqualTo(2);
      assertThat(result.stderr()).contains("--api-key-ciphertext: expected the canonical base64 ciphertext")
          .doesNotContain(value);
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void badValues_areUsageErrors() {
    List<List<String>> cases = List.of(
        List.of("--stack-name", "a-stack-name-that-is-far-too-long-for-the-function-names-x"),
        List.of("--stack-name", "1orders"),
        List.of("--upstream-url", "https://api.example.com/a b"),
        List.of("--upstream-url", "ftp://api.example.com/"),
        List.of("--snap-start", "yes"),
        List.of("--credentials-version", "v1", "--unpin-credentials"),
        List.of("--deployer-role-arn", "arn:aws:iam::111122223333:user/me"),
        List.of("--region", "Ireland"));
    List<String> messages = List.of("is not a usable stack name", "is not a usable stack name",
        "expected an http:// or https:// URL", "expected an http:// or https:// URL", "expected true or false",
        "exclude each other", "is not an IAM role ARN", "is not an AWS region");
    for (int i = 0; i < cases.size(); i++) {
      List<String> args = new ArrayList<>(List.of("--stack-name", "orders", "--region", "eu-west-1"));
      args.addAll(cases.get(i));
      Sandbox.Result result = sandbox.run("deploy.sh", "", args.toArray(String[]::new));

      assertThat(result.exit()).as("%s: %s", cases.get(i), result).isEqualTo(2);
      assertThat(result.stderr()).as("%s", cases.get(i)).contains(messages.get(i));
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void deployFailure_stopsBeforeTheOutputs() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "deploy --template-file")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1");

    assertThat(result.exit()).isNotZero();
    assertThat(result.stdout()).isEmpty();
    assertThat(result.commands()).containsExactly(deploy("CreateFunctions=true"));
  }

  @Test
  void dryRun_printsTheCheckTheDeployAndTheOutputs() {
    Sandbox.Result result = sandbox.run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1",
        "--bootstrap", "--dry-run");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).isEqualTo(
        "# stops if the stack exists with its functions (--bootstrap would delete them):\n"
            + "aws cloudformation describe-stacks --stack-name orders --region eu-west-1 --query"
            + " 'Stacks[0].Parameters[?ParameterKey=='\\''CreateFunctions'\\''].ParameterValue' --output text\n"
            + String.join(" ", SAM_DEPLOY) + " CreateFunctions=false\n"
            + "aws cloudformation describe-stacks --stack-name orders --region eu-west-1 --query"
            + " 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text\n"
            + "# prints SECRETS_KEY_ARN=..., SECRETS_BUCKET=..., API_FUNCTION=orders-weather,"
            + " ORDERS_FUNCTION=orders-orders and, with the functions, WEATHER_API_URL=...\n");
  }

  private static List<String> deploy(String... overridesAndMore) {
    List<String> command = new ArrayList<>(SAM_DEPLOY);
    command.addAll(List.of(overridesAndMore));
    return command;
  }

  /** Runs {@code eval "$assignments"; printf %s "$expression"} in bash, as a reader of the README would. */
  private static String evalAndPrint(String assignments, String expression) throws Exception {
    Process bash = new ProcessBuilder("bash", "-c", "eval \"$1\"; printf %s \"" + expression + "\"", "bash",
        assignments).redirectErrorStream(true).start();
    bash.getOutputStream().close();
    String out = new String(bash.getInputStream().readAllBytes(), UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(out).isZero();
    return out;
  }
}

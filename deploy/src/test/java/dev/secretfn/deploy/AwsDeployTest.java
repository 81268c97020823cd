package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/aws/deploy.sh against the recording sam and aws stand-ins. */
class AwsDeployTest {
  /** The sample jars that template.yaml's CodeUri properties name, relative to the template. */
  static final String JAR = "../../samples-lambda/weather/target/secretfn-samples-lambda-weather-0.1.0-SNAPSHOT-function.jar";
  static final List<String> OTHER_JARS = List.of(
      "../../samples-lambda/orders/target/secretfn-samples-lambda-orders-0.1.0-SNAPSHOT-function.jar",
      "../../samples-lambda/billing/target/secretfn-samples-lambda-billing-0.1.0-SNAPSHOT-function.jar");
  /** Canonical padded base64 with '+', '/' and '=' in it, as KMS ciphertext blobs have. */
  static final String CIPHERTEXT = "AQICAHj777/+/2EgZmFrZSBLTVMgY2lwaGVydGV4dCBibG9iIQ==";
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
      + "OrdersStreamFunctionName\\torders-orders\\n"
      + "BillingWebhookFunctionName\\torders-billing\\n";

  @TempDir Path dir;
  Sandbox sandbox;
  /** A copy of template.yaml in the sandbox, laid out as in the repository, with stand-in jars. */
  Path template;
  Path jar;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = Sandbox.create(dir, Platform.AWS);
    template = sandbox.root.resolve("repo/deploy/aws/template.yaml");
    jar = template.resolveSibling(JAR).normalize();
    Files.createDirectories(template.getParent());
    Files.createDirectories(jar.getParent());
    Files.copy(Platform.AWS.scripts.resolve("template.yaml"), template);
    Files.write(jar, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
    for (String other : OTHER_JARS) {
      Path otherJar = template.resolveSibling(other).normalize(); // another module's target directory
      Files.createDirectories(otherJar.getParent());
      Files.write(otherJar, new byte[] {'P', 'K', 3, 4, 3, 2, 1});
    }
  }

  /**
   * deploy.sh with the sandbox's template and --skip-check (these tests are not about the check:
   * AwsDeployCheckTest is), then {@code args}.
   */
  Sandbox.Result deployScript(String... args) {
    List<String> all = new ArrayList<>(List.of("--template", template.toString(), "--skip-check"));
    all.addAll(List.of(args));
    return sandbox.run("deploy.sh", "", all.toArray(String[]::new));
  }

  /** The sam deploy command up to and including --parameter-overrides. */
  List<String> samDeploy() {
    return new ArrayList<>(List.of("sam", "deploy", "--template-file", template.toString(),
        "--stack-name", "orders", "--region", "eu-west-1", "--capabilities", "CAPABILITY_IAM",
        "--no-fail-on-empty-changeset", "--resolve-s3", "--parameter-overrides"));
  }

  @Test
  void bootstrap_deploysKeyAndBucketOnlyAndPrintsTheOutputsForEval() throws Exception {
    Sandbox.Result result = sandbox.env("STANDIN_STACK_OUTPUTS", STACK_OUTPUTS)
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--bootstrap",
            "--template", template.toString());

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands()).containsExactly(PARAMETERS, samDeploy("CreateFunctions=false"), OUTPUTS);
    assertThat(result.stdout()).isEqualTo("SECRETS_KEY_ARN=" + KEY_ARN + "\n"
        + "SECRETS_BUCKET=orders-secretsbucket-1a2b3c4d5e6f\n"
        + "API_FUNCTION=orders-weather\n"
        + "ORDERS_FUNCTION=orders-orders\n"
        + "BILLING_FUNCTION=orders-billing\n");
    assertThat(evalAndPrint(result.stdout(), "$SECRETS_KEY_ARN $API_FUNCTION"))
        .isEqualTo(KEY_ARN + " orders-weather");
  }

  @Test
  void bootstrap_refusesToRemoveTheFunctionsOfAStackThatHasThem() {
    Sandbox.Result refused = sandbox.env("STANDIN_EXISTING", "stack")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--bootstrap",
            "--template", template.toString());
    Sandbox.Result allowed = sandbox.env("STANDIN_CREATE_FUNCTIONS", "false")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--bootstrap",
            "--template", template.toString());

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stderr()).contains("stack orders has its functions: --bootstrap would delete them");
    assertThat(refused.commands()).containsExactly(PARAMETERS);
    assertThat(allowed.exit()).as("%s", allowed).isZero();
    assertThat(allowed.commands()).containsExactly(PARAMETERS, samDeploy("CreateFunctions=false"), OUTPUTS);
  }

  @Test
  void deploy_passesEveryParameterAsOneOverrideEachInOrderThenTheVersionToken() {
    String apiUrl = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/weather";
    Sandbox.Result result = sandbox.env("STANDIN_STACK_OUTPUTS", STACK_OUTPUTS + "WeatherApiUrl\\t" + apiUrl + "\\n")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--template", template.toString(),
            "--api-key-ciphertext", CIPHERTEXT, "--upstream-url", "https://api.example.com/v1?units=metric&x=1",
            "--snap-start", "true",
            "--deployer-role-arn", "arn:aws:iam::111122223333:role/ci-deployer", "--s3-bucket", "my-artifacts",
            "--skip-check", "--", "--confirm-changeset", "--tags", "team=orders");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> expected = samDeploy("CreateFunctions=true", "ApiKeyCiphertext=" + CIPHERTEXT,
        "UpstreamUrl=https://api.example.com/v1?units=metric&x=1",
        "EnableSnapStart=true",
        "DeployerRoleArn=arn:aws:iam::111122223333:role/ci-deployer", "VersionToken=" + token(result),
        "--confirm-changeset", "--tags", "team=orders");
    expected.set(expected.indexOf("--resolve-s3"), "--s3-bucket");
    expected.add(expected.indexOf("--s3-bucket") + 1, "my-artifacts");
    assertThat(result.commands()).containsExactly(expected, OUTPUTS);
    assertThat(result.stdout())
        .endsWith("ORDERS_FUNCTION=orders-orders\nBILLING_FUNCTION=orders-billing\nWEATHER_API_URL=" + apiUrl + "\n");
  }

  @Test
  void versionToken_changesWithTheTemplateTheCodeOrAParameterAndOnlyThen() throws IOException {
    String[] args = {"--stack-name", "orders", "--region", "eu-west-1", "--api-key-ciphertext", CIPHERTEXT};
    String first = token(deployScript(args));
    String again = token(deployScript(args));
    String otherKey = token(deployScript("--stack-name", "orders", "--region", "eu-west-1",
        "--api-key-ciphertext", "AQICAHj777/+/2EgZmFrZSBLTVMgY2lwaGVydGV4dCBibG9iIg=="));
    String noKey = token(deployScript("--stack-name", "orders", "--region", "eu-west-1"));
    Files.write(jar, new byte[] {'P', 'K', 3, 4, 1, 2, 4});
    String otherCode = token(deployScript(args));
    Files.writeString(template, Files.readString(template, UTF_8).replace("MemorySize: 1024", "MemorySize: 2048"),
        UTF_8);
    String otherTemplate = token(deployScript(args));

    assertThat(first).matches("[0-9a-f]{16}").isEqualTo(again);
    assertThat(List.of(first, otherKey, noKey, otherCode, otherTemplate)).doesNotHaveDuplicates();
  }

  @Test
  void missingCode_deploysNothingAndSaysHowToBuildIt() throws IOException {
    Files.delete(jar);
    Sandbox.Result result = deployScript("--stack-name", "orders", "--region", "eu-west-1");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.stderr()).contains("CodeUri " + JAR + " does not exist; build it first")
        .contains("./mvnw -pl samples-lambda/weather,samples-lambda/orders,samples-lambda/billing -am package"
            + " -DskipTests");
    assertThat(result.calls()).isEmpty();
  }

  @Test
  void deploy_withoutTheApiKey_keepsTheStacksValueAndSaysSo() {
    Sandbox.Result result = deployScript("--stack-name", "orders", "--region", "eu-west-1");

    assertThat(result.exit()).as("%s", result).isZero();
    assertThat(result.commands())
        .containsExactly(samDeploy("CreateFunctions=true", "VersionToken=" + token(result)), OUTPUTS);
    assertThat(result.stderr()).contains("the stack keeps its current ApiKeyCiphertext");
  }

  @Test
  void referenceForm_guidedAndBuild() {
    String reference = "aws-kms://" + KEY_ARN + "?ciphertext=" + CIPHERTEXT;
    Sandbox.Result result = deployScript("--stack-name", "orders", "--region", "eu-west-1",
        "--api-key-ciphertext", reference, "--guided", "--build");

    assertThat(result.exit()).as("%s", result).isZero();
    List<String> deploy = samDeploy("CreateFunctions=true", "ApiKeyCiphertext=" + reference,
        "VersionToken=" + token(result), "--guided");
    deploy.set(deploy.indexOf(template.toString()), ".aws-sam/build/template.yaml");
    assertThat(result.commands())
        .containsExactly(List.of("sam", "build", "--template-file", template.toString()), deploy, OUTPUTS);
  }

  @Test
  void credentialsPinOptions_areRemovedWithTheReason() {
    for (List<String> option : List.of(List.of("--credentials-version", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"),
        List.of("--unpin-credentials"))) {
      List<String> args = new ArrayList<>(List.of("--stack-name", "orders", "--region", "eu-west-1"));
      args.addAll(option);
      Sandbox.Result result = deployScript(args.toArray(String[]::new));

      assertThat(result.exit()).as("%s: %s", option, result).isEqualTo(2);
      assertThat(result.stderr()).contains(option.get(0) + " was removed: the orders function refreshes DB_USER"
          + " and DB_PASS when orders/credentials.json is rotated, which needs its unpinned reference");
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void billingOptions_becomeTheTemplatesParametersAndUnpinEmptiesAVersion() {
    Sandbox.Result pinned = deployScript("--stack-name", "orders", "--region", "eu-west-1",
        "--database-username", "billing_app", "--signing-key-parameter", "/acme/billing/signing-key",
        "--signing-key-version", "4", "--webhook-secret-parameter", "/acme/billing/webhook",
        "--webhook-secret-version", "12");
    Sandbox.Result unpinned = deployScript("--stack-name", "orders", "--region", "eu-west-1",
        "--unpin-signing-key", "--unpin-webhook-secret");

    assertThat(pinned.exit()).as("%s", pinned).isZero();
    assertThat(pinned.commands()).containsExactly(samDeploy("CreateFunctions=true",
        "DatabaseUsername=billing_app", "SigningKeyParameter=/acme/billing/signing-key", "SigningKeyVersion=4",
        "WebhookSecretParameter=/acme/billing/webhook", "WebhookSecretVersion=12",
        "VersionToken=" + token(pinned)), OUTPUTS);
    assertThat(unpinned.exit()).as("%s", unpinned).isZero();
    assertThat(unpinned.commands()).containsExactly(samDeploy("CreateFunctions=true", "SigningKeyVersion=\"\"",
        "WebhookSecretVersion=\"\"", "VersionToken=" + token(unpinned)), OUTPUTS);
  }

  @Test
  void ownTemplate_isDeployedInsteadOfTheSample() throws IOException {
    Path own = sandbox.work.resolve("my-template.yaml");
    Files.writeString(own, "Transform: AWS::Serverless-2016-10-31\n", UTF_8);
    Sandbox.Result result = sandbox.run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1",
        "--template", "my-template.yaml", "--skip-check");
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
      Sandbox.Result result = deployScript("--stack-name", "orders", "--region", "eu-west-1",
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
        List.of("--deployer-role-arn", "arn:aws:iam::111122223333:user/me"),
        List.of("--region", "Ireland"),
        List.of("--database-username", "1st-user"),
        List.of("--signing-key-parameter", "billing-signing-key"),
        List.of("--webhook-secret-parameter", "/a b"),
        List.of("--signing-key-version", "0"),
        List.of("--webhook-secret-version", "latest"),
        List.of("--signing-key-version", "3", "--unpin-signing-key"));
    List<String> messages = List.of("is not a usable stack name", "is not a usable stack name",
        "expected an http:// or https:// URL", "expected an http:// or https:// URL", "expected true or false",
        "is not an IAM role ARN", "is not an AWS region",
        "--database-username: '1st-user' is not a database user name",
        "--signing-key-parameter: 'billing-signing-key' is not a hierarchical parameter name",
        "--webhook-secret-parameter: '/a b' is not a hierarchical parameter name",
        "--signing-key-version: '0' is not a parameter version",
        "--webhook-secret-version: 'latest' is not a parameter version",
        "--signing-key-version and --unpin-signing-key exclude each other");
    for (int i = 0; i < cases.size(); i++) {
      List<String> args = new ArrayList<>(List.of("--stack-name", "orders", "--region", "eu-west-1"));
      args.addAll(cases.get(i));
      Sandbox.Result result = deployScript(args.toArray(String[]::new));

      assertThat(result.exit()).as("%s: %s", cases.get(i), result).isEqualTo(2);
      assertThat(result.stderr()).as("%s", cases.get(i)).contains(messages.get(i));
      assertThat(result.calls()).isEmpty();
    }
  }

  @Test
  void deployFailure_stopsBeforeTheOutputs() {
    Sandbox.Result result = sandbox.env("STANDIN_FAIL", "deploy --template-file")
        .run("deploy.sh", "", "--stack-name", "orders", "--region", "eu-west-1", "--template", template.toString(),
            "--skip-check");

    assertThat(result.exit()).isNotZero();
    assertThat(result.stdout()).isEmpty();
    assertThat(result.commands()).containsExactly(samDeploy("CreateFunctions=true", "VersionToken=" + token(result)));
  }

  @Test
  void dryRun_printsTheCheckTheDeployAndTheOutputs() {
    Sandbox.Result bootstrap = deployScript("--stack-name", "orders", "--region", "eu-west-1", "--bootstrap",
        "--dry-run");
    Sandbox.Result full = deployScript("--stack-name", "orders", "--region", "eu-west-1", "--build", "--dry-run");

    String outputs = "aws cloudformation describe-stacks --stack-name orders --region eu-west-1 --query"
        + " 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text\n"
        + "# prints SECRETS_KEY_ARN=..., SECRETS_BUCKET=..., API_FUNCTION=orders-weather,"
        + " ORDERS_FUNCTION=orders-orders, BILLING_FUNCTION=orders-billing and, with the functions,"
        + " WEATHER_API_URL=...\n";
    assertThat(bootstrap.exit()).isZero();
    assertThat(bootstrap.stdout()).isEqualTo(
        "# stops if the stack exists with its functions (--bootstrap would delete them):\n"
            + "aws cloudformation describe-stacks --stack-name orders --region eu-west-1 --query"
            + " 'Stacks[0].Parameters[?ParameterKey=='\\''CreateFunctions'\\''].ParameterValue' --output text\n"
            + String.join(" ", samDeploy("CreateFunctions=false")) + "\n"
            + outputs);
    assertThat(full.exit()).isZero();
    List<String> deploy = samDeploy("CreateFunctions=true", "VersionToken=VERSION_TOKEN");
    deploy.set(deploy.indexOf(template.toString()), ".aws-sam/build/template.yaml");
    assertThat(full.stdout()).isEqualTo("sam build --template-file " + template + "\n"
        + "# VersionToken: a digest of the template, the code and the parameters, once the code is built\n"
        + String.join(" ", deploy) + "\n"
        + outputs);
  }

  /** The sam deploy command with these parameter overrides and arguments after them. */
  List<String> samDeploy(String... overridesAndMore) {
    List<String> command = samDeploy();
    command.addAll(List.of(overridesAndMore));
    return command;
  }

  /** The VersionToken that deploy.sh passed to sam deploy. */
  static String token(Sandbox.Result result) {
    for (List<String> command : result.commands()) {
      for (String arg : command) {
        Matcher token = Pattern.compile("VersionToken=([0-9a-f]{16})").matcher(arg);
        if (token.matches()) {
          return token.group(1);
        }
      }
    }
    throw new AssertionError("no VersionToken in " + result);
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

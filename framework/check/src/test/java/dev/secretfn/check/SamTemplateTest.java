package dev.secretfn.check;

import static dev.secretfn.check.FunctionFixture.AWS_KMS;
import static dev.secretfn.check.FunctionFixture.AWS_SM;
import static dev.secretfn.check.FunctionFixture.S3;
import static dev.secretfn.check.FunctionFixture.SSM;
import static dev.secretfn.check.FunctionFixture.required;
import static dev.secretfn.check.FunctionFixture.secret;
import static dev.secretfn.check.GcpDeploymentTest.ciphertext;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SAM template snippets: Globals, parameters, conditions, and values left unresolved (and said so). */
class SamTemplateTest {
  static final String CANARY = "CANARY-sam-value-51aa";

  @TempDir Path dir;
  Path classes;

  @BeforeEach
  void function() throws IOException {
    classes = FunctionFixture.in(dir)
        .secrets("app.Secrets", required("DB_PASS"), required("SIGNING_KEY"), required("TOKEN"),
            secret("API_KEY", "Secret", false, "AWS", null))
        .component("app.Component", "app.Secrets", AWS_KMS, AWS_SM, SSM)
        .classes();
  }

  @Test
  void functionVariables_overGlobals_withParametersAndConditionsResolved() throws Exception {
    Path template = template(
        "Parameters:",
        "  Version: {Type: String, Default: ''}",
        "  Name: {Type: String, Default: /app/signing}",
        "  Token: {Type: String}",
        "Conditions:",
        "  Pinned: !Not [!Equals [!Ref Version, '']]",
        "  Both: !And [!Condition Pinned, !Equals [!Ref Name, /app/signing]]",
        "Globals:",
        "  Function:",
        "    Environment:",
        "      Variables:",
        "        TOKEN: " + CANARY,
        "        DB_PASS: " + CANARY,
        "Resources:",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Handler: app.Handler::handleRequest",
        "      Environment:",
        "        Variables:",
        "          DB_PASS: !Join ['', ['aws-sm://', 'db?versionId=0123456789abcdef0123456789abcde', 'f#password']]",
        "          SIGNING_KEY: !If [Both, !Sub 'ssm://${Name}?version=${Version}', !Sub 'ssm://${Name}']",
        "          TOKEN: !Sub 'ssm://${Token}?version=3'",
        "          API_KEY: !Ref AWS::NoValue");

    CheckReport pinned = check(template, Map.of("Version", "7", "Token", "/app/token"));
    assertThat(pinned.lines()).containsExactly(
        "secretfn check: component app.Component against SAM template " + template + ", function Fn: 4 declared"
            + " secrets",
        "0 errors, 0 warnings");

    CheckReport latest = check(template, Map.of("Token", "/app/token"));
    assertThat(latest.lines()).containsExactly(latest.lines().get(0),
        "WARNING SIGNING_KEY: reads ssm:///app/signing at whatever version is current when an instance starts,"
            + " so a new version reaches every new instance at once, with no rollout; fix: pin a version (see"
            + " docs/references.md)",
        "0 errors, 1 warning");
    assertThat(String.join("\n", latest.lines())).doesNotContain(CANARY);
  }

  @Test
  void unresolvedParts_areNamedInANote_andTheKnownPartIsStillChecked() throws Exception {
    Path template = template(
        "Parameters:",
        "  Token: {Type: String}",
        "Conditions:",
        "  InProd: !Equals [!Ref AWS::Region, eu-west-1]",
        "Resources:",
        "  Bucket: {Type: AWS::S3::Bucket}",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Environment:",
        "        Variables:",
        "          DB_PASS: !Sub 's3://${Bucket}/db.json#password'",
        "          SIGNING_KEY: !Sub 'ssm:///app/${AWS::Region}/signing?version=${AWS::AccountId}'",
        "          TOKEN: !If [InProd, !GetAtt Bucket.Arn, !Ref Token]",
        "          API_KEY: !Sub 'aws-sm://${Bucket}-api'");

    CheckReport report = check(template, Map.of());

    assertThat(report.lines()).containsExactly(report.lines().get(0),
        "NOTE API_KEY: its value is left unresolved in part: Ref Bucket (a resource of the stack); checked with"
            + " 'unresolved' in its place",
        "WARNING API_KEY: reads aws-sm://unresolved-api at whatever version is current when an instance starts,"
            + " so a new version reaches every new instance at once, with no rollout; fix: pin a version (see"
            + " docs/references.md)",
        "NOTE DB_PASS: its value is left unresolved in part: Ref Bucket (a resource of the stack)",
        "ERROR DB_PASS: 's3://' references need S3Module from secretfn-aws-s3 (this component reads aws-kms://,"
            + " aws-sm://, ssm://); fix: add S3Module from secretfn-aws-s3 to your component",
        "NOTE SIGNING_KEY: its value is left unresolved in part: AWS::Region (a pseudo parameter), AWS::AccountId"
            + " (a pseudo parameter); its scheme ssm:// is bound, and the rest could not be checked with"
            + " 'unresolved' in place of the unresolved parts",
        "NOTE TOKEN: its value is left unresolved in part: Fn::If on condition InProd (it needs AWS::Region (a"
            + " pseudo parameter)); not checked",
        "1 error, 1 warning");
  }

  @Test
  void unresolvedValueWithoutAScheme_isNotCalledPlaintext() throws Exception {
    Path template = template(
        "Resources:",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Environment:",
        "        Variables:",
        "          DB_PASS: !ImportValue shared-db-password-ref",
        "          SIGNING_KEY: !Sub '${AWS::StackName}-key'",
        "          TOKEN: ssm:///app/token?version=1");

    assertThat(check(template, Map.of()).lines()).containsExactly(
        "secretfn check: component app.Component against SAM template " + template + ", function Fn: 4 declared"
            + " secrets",
        "NOTE DB_PASS: its value is left unresolved in part: Fn::ImportValue; not checked",
        "NOTE SIGNING_KEY: its value is left unresolved in part: AWS::StackName (a pseudo parameter); not checked",
        "0 errors, 0 warnings");
  }

  @Test
  void severalFunctions_needOneNamed_andAnUnknownOneIsAUsageError() throws Exception {
    Path template = template(
        "Resources:",
        "  A: {Type: AWS::Serverless::Function, Properties: {Handler: a.A}}",
        "  B: {Type: 'AWS::Lambda::Function', Properties: {Handler: b.B}}",
        "  Other: {Type: AWS::S3::Bucket}");

    assertThatThrownBy(() -> SamTemplate.read(template, Optional.empty(), Map.of(), Optional.empty()))
        .isInstanceOf(CheckException.class)
        .hasMessage("the template " + template + " defines 2 functions [A, B]: name one with --function"
            + " LOGICAL_ID");
    assertThatThrownBy(() -> SamTemplate.read(template, Optional.of("Other"), Map.of(), Optional.empty()))
        .hasMessage("the template " + template + " defines no function Other; its functions are [A, B]");
    assertThatThrownBy(
            () -> SamTemplate.read(template, Optional.of("A"), Map.of("Nope", "x"), Optional.empty()))
        .hasMessage("--parameter Nope: the template " + template + " declares no such parameter; it declares []");
    assertThat(SamTemplate.read(template, Optional.of("B"), Map.of(), Optional.empty()).entryPoint())
        .contains("b.B");
  }

  @Test
  void stackName_resolvesTheFunctionsName_forTheProbe_andNamesBuiltFromIt() throws Exception {
    Path template = template(
        "Resources:",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      FunctionName: !Sub '${AWS::StackName}-weather'",
        "      Environment:",
        "        Variables:",
        "          DB: !Sub 's3://${AWS::StackName}-secrets/db.json'");

    Deployment named = SamTemplate.read(template, Optional.empty(), Map.of(), Optional.of("prod"));
    Deployment unnamed = SamTemplate.read(template, Optional.empty(), Map.of(), Optional.empty());

    assertThat(named.platformVariables()).containsExactly(Map.entry("AWS_LAMBDA_FUNCTION_NAME", "prod-weather"));
    assertThat(named.variables().get("DB").text()).contains("s3://prod-secrets/db.json");
    assertThat(unnamed.platformVariables()).isEmpty();
    assertThat(unnamed.variables().get("DB").resolved()).isFalse();
  }

  @Test
  void malformedYaml_isAUsageError_thatQuotesNoLine() throws Exception {
    Path template = template(
        "Resources:",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties: {Environment: {Variables: {DB_PASS: " + CANARY + " : x}}}");

    assertThatThrownBy(() -> SamTemplate.read(template, Optional.empty(), Map.of(), Optional.empty()))
        .isInstanceOf(CheckException.class)
        .hasMessageStartingWith("the template " + template + " is not valid YAML at line 4: ")
        .message().doesNotContain(CANARY);
  }

  @Test
  void parameterGivenOnTheCommandLine_overridesTheDefault() throws Exception {
    Path template = template(
        "Parameters:",
        "  Key: {Type: String, Default: ''}",
        "Resources:",
        "  Fn:",
        "    Type: AWS::Serverless::Function",
        "    Properties:",
        "      Environment: {Variables: {API_KEY: !Ref Key, TOKEN: 'ssm://t?version=1', SIGNING_KEY:"
            + " 'ssm://k?version=1', DB_PASS: 'aws-sm://db?versionId=0123456789abcdef0123456789abcdef'}}");

    assertThat(check(template, Map.of()).lines()).contains("ERROR API_KEY: is empty; fix: write the value in a"
        + " form from docs/references.md");
    assertThat(check(template, Map.of("Key", ciphertext(200))).findings()).isEmpty();
  }

  private CheckReport check(Path template, Map<String, String> parameters) throws Exception {
    CheckRequest.Builder builder = CheckRequest.builder().function(classes).samTemplate(template);
    parameters.forEach(builder::parameter);
    return DeploymentCheck.run(builder.build());
  }

  private Path template(String... lines) throws IOException {
    return Files.writeString(dir.resolve("template.yaml"), String.join("\n", lines) + "\n", UTF_8);
  }
}

package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.aws.kms.AwsKmsCiphertext;
import dev.secretfn.aws.s3.S3Object;
import dev.secretfn.aws.secretsmanager.SecretsManagerSecret;
import dev.secretfn.aws.ssm.SsmParameter;
import dev.secretfn.check.CfnYaml;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads deploy/aws/template.yaml as CloudFormation does (short-form intrinsics as their long forms) and checks
 * what the deployment promises: the resources, the handlers, least-privilege roles, a private versioned
 * bucket, variables that hold only references and ciphertexts, and conditional SnapStart.
 */
class AwsTemplateTest {
  private static final ReferenceParser PARSER = AwsReferences.parser();

  static final Path TEMPLATE = Platform.AWS.scripts.resolve("template.yaml");
  static final Path SAMPLES_LAMBDA = Platform.MODULE.resolveSibling("samples-lambda");
  static final String SAMPLES_PACKAGE = "dev.secretfn.samples.lambda";
  static final List<String> FUNCTIONS = List.of("ApiGatewayFunction", "OrdersStreamFunction", "BillingWebhookFunction");
  /** Each function's module under samples-lambda, which builds its jar; it is also the function name's suffix. */
  static final Map<String, String> MODULES = Map.of("ApiGatewayFunction", "weather", "OrdersStreamFunction", "orders",
      "BillingWebhookFunction", "billing");
  /** The object that DB_USER and DB_PASS read, as the Fn::Sub template of its ARN. */
  static final Map<String, Object> CREDENTIALS_ARN =
      Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::${SecretsBucket}/orders/credentials.json");
  static final Map<String, Object> KEY_ARN = Map.of("Fn::GetAtt", List.of("SecretsKey", "Arn"));
  static final Map<String, Object> NO_VALUE = Map.of("Ref", "AWS::NoValue");
  static final Map<String, Object> DATABASE_SECRET_ARN = Map.of("Ref", "DatabaseSecret");
  /** The ARNs of the two SecureString parameters the billing function reads, named by template parameters. */
  static final List<Object> PARAMETER_ARNS = List.of(
      Map.of("Fn::Sub", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${SigningKeyParameter}"),
      Map.of("Fn::Sub", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${WebhookSecretParameter}"));

  static Map<String, Object> template;

  @BeforeAll
  static void load() throws IOException {
    template = CfnYaml.load(TEMPLATE);
  }

  @Test
  void template_isSamWithExactlyTheseResources() {
    assertThat(template.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
    Map<String, Object> types = new TreeMap<>();
    map(template.get("Resources")).forEach((id, resource) -> types.put(id, map(resource).get("Type")));
    assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("SecretsKey", "AWS::KMS::Key"),
        Map.entry("SecretsKeyAlias", "AWS::KMS::Alias"),
        Map.entry("SecretsBucket", "AWS::S3::Bucket"),
        Map.entry("SecretsBucketPolicy", "AWS::S3::BucketPolicy"),
        Map.entry("DatabaseSecret", "AWS::SecretsManager::Secret"),
        Map.entry("ApiGatewayFunctionLogs", "AWS::Logs::LogGroup"),
        Map.entry("ApiGatewayFunctionRole", "AWS::IAM::Role"),
        Map.entry("ApiGatewayFunction", "AWS::Serverless::Function"),
        Map.entry("WeatherApi", "AWS::Serverless::HttpApi"),
        Map.entry("OrdersStreamFunctionLogs", "AWS::Logs::LogGroup"),
        Map.entry("OrdersStreamFunctionRole", "AWS::IAM::Role"),
        Map.entry("OrdersStreamFunction", "AWS::Serverless::Function"),
        Map.entry("BillingWebhookFunctionLogs", "AWS::Logs::LogGroup"),
        Map.entry("BillingWebhookFunctionRole", "AWS::IAM::Role"),
        Map.entry("BillingWebhookFunction", "AWS::Serverless::Function")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ApiGatewayFunction", "OrdersStreamFunction", "BillingWebhookFunction"})
  void handler_namesTheSampleClassInItsSamplesLambdaModuleWithoutAMethod(String id) throws IOException {
    String handler = (String) function(id).get("Handler");
    // The class name alone: with Class::handleRequest the runtime would read the event type from the
    // erased method of the generic base class (SecretRequestHandler refuses to start that way).
    assertThat(handler).as("%s Handler", id).isEqualTo(SAMPLES_PACKAGE + "." + id);

    String className = handler;
    Path source = SAMPLES_LAMBDA.resolve(MODULES.get(id)).resolve("src/main/java")
        .resolve(className.replace('.', '/') + ".java");
    if (!Files.isRegularFile(source)) {
      fail("template.yaml: the Handler of " + id + " is " + handler + ", but the class " + className
          + " does not exist in its module (no " + Platform.MODULE.getParent().relativize(source) + ")."
          + " Write the Lambda sample class in samples-lambda/" + MODULES.get(id) + ", or fix the Handler.");
    }
    String text = Files.readString(source, UTF_8);
    assertThat(text).as("%s declares the public class %s", source, id)
        .containsPattern("public\\s+(final\\s+)?class\\s+" + id + "\\b");
    assertThat(text)
        .as("%s has handleRequest, its own or from a secretfn Lambda base class", source)
        .containsPattern("\\bextends\\s+(SecretRequestHandler|SecretRequestStreamHandler)\\b|\\bhandleRequest\\s*\\(");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ApiGatewayFunction", "OrdersStreamFunction", "BillingWebhookFunction"})
  void function_runsTheShadedSampleJarOnAJavaRuntimeWithRoomForStartUp(String id) throws Exception {
    Map<String, Object> function = function(id);
    // java17 runs on Amazon Linux 2, whose Lambda runtimes can no longer be created; java21 runs release 17.
    assertThat(function.get("Runtime")).isEqualTo(DeployFunctionTest.DEFAULT_RUNTIME);
    assertThat((Integer) function.get("MemorySize")).isBetween(512, 3008);
    assertThat((Integer) function.get("Timeout")).isBetween(10, 900);
    // One jar per function, built by its own module (samples-lambda/MODULE), whose dependencies are exactly
    // the function's runtime adapter and stores.
    String module = MODULES.get(id);
    assertThat(function.get("CodeUri"))
        .isEqualTo("../../samples-lambda/" + module + "/target/" + samplesLambdaJar(module));
    assertThat(Platform.AWS.scripts.resolve((String) function.get("CodeUri")).normalize())
        .startsWithRaw(SAMPLES_LAMBDA.resolve(module).resolve("target"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ApiGatewayFunction", "OrdersStreamFunction", "BillingWebhookFunction"})
  void function_nameIsDerivedFromTheStackNameAndAgreesWithItsLogGroupAndOutput(String id) {
    Map<String, Object> name = map(function(id).get("FunctionName"));
    String suffix = MODULES.get(id);
    assertThat(name).isEqualTo(Map.of("Fn::Sub", "${AWS::StackName}-" + suffix));
    assertThat(properties(id + "Logs").get("LogGroupName"))
        .isEqualTo(Map.of("Fn::Sub", "/aws/lambda/${AWS::StackName}-" + suffix));
    assertThat(function(id).get("LoggingConfig")).isEqualTo(Map.of("LogGroup", Map.of("Ref", id + "Logs")));
    assertThat(map(map(template.get("Outputs")).get(id + "Name")).get("Value")).isEqualTo(name);
    assertThat(function(id).get("Role")).isEqualTo(Map.of("Fn::GetAtt", List.of(id + "Role", "Arn")));
    assertThat(function(id)).as("no SAM Policies: the role is the whole grant").doesNotContainKey("Policies");
  }

  @Test
  void apiGatewayFunction_mayDecryptOnlyCiphertextsBoundToItsOwnName() {
    List<Map<String, Object>> statements = roleStatements("ApiGatewayFunctionRole");
    List<Map<String, Object>> kms = withActionPrefix(statements, "kms:");

    assertThat(kms).hasSize(1);
    Map<String, Object> decrypt = kms.get(0);
    assertThat(strings(decrypt.get("Action"))).containsExactly("kms:Decrypt");
    assertThat(decrypt.get("Resource")).isEqualTo(KEY_ARN);
    assertThat(decrypt.get("Condition")).isEqualTo(Map.of("StringEquals",
        Map.of("kms:EncryptionContext:LambdaFunctionName", function("ApiGatewayFunction").get("FunctionName"))));
    assertThat(withActionPrefix(statements, "s3:")).as("no S3 access").isEmpty();
    assertThat(actionsOf(statements)).containsExactlyInAnyOrder("kms:Decrypt", "logs:CreateLogStream",
        "logs:PutLogEvents");
  }

  @Test
  void ordersStreamFunction_mayReadOnlyTheOneCredentialsObject() {
    List<Map<String, Object>> statements = roleStatements("OrdersStreamFunctionRole");
    List<Map<String, Object>> s3 = withActionPrefix(statements, "s3:");

    assertThat(s3).hasSize(1);
    // The current version only: the references name none (they refresh), so no s3:GetObjectVersion.
    assertThat(strings(s3.get(0).get("Action"))).containsExactly("s3:GetObject");
    assertThat(s3.get(0).get("Resource")).isEqualTo(CREDENTIALS_ARN);
    assertThat(s3.get(0)).doesNotContainKey("Condition");

    // SSE-KMS: S3 decrypts the object with the key on the function's behalf, and only for that object.
    Map<String, Object> kms = bySid(statements, "DecryptOwnCredentialsThroughS3");
    assertThat(strings(kms.get("Action"))).containsExactly("kms:Decrypt");
    assertThat(kms.get("Resource")).isEqualTo(KEY_ARN);
    assertThat(kms.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of(
        "kms:ViaService", Map.of("Fn::Sub", "s3.${AWS::Region}.amazonaws.com"),
        "kms:EncryptionContext:aws:s3:arn", CREDENTIALS_ARN)));
    assertThat(actionsOf(statements)).containsExactlyInAnyOrder("kms:Decrypt", "s3:GetObject",
        "logs:CreateLogStream", "logs:PutLogEvents");
  }

  @Test
  void billingWebhookFunction_mayReadOnlyItsDatabaseSecretAndItsTwoParameters() {
    List<Map<String, Object>> statements = roleStatements("BillingWebhookFunctionRole");

    List<Map<String, Object>> secretsManager = withActionPrefix(statements, "secretsmanager:");
    assertThat(secretsManager).hasSize(1);
    assertThat(strings(secretsManager.get(0).get("Action"))).containsExactly("secretsmanager:GetSecretValue");
    assertThat(secretsManager.get(0).get("Resource")).as("exactly the secret's ARN").isEqualTo(DATABASE_SECRET_ARN);
    assertThat(secretsManager.get(0)).doesNotContainKey("Condition");

    List<Map<String, Object>> ssm = withActionPrefix(statements, "ssm:");
    assertThat(ssm).hasSize(1);
    assertThat(strings(ssm.get(0).get("Action"))).containsExactly("ssm:GetParameters");
    assertThat(ssm.get(0).get("Resource")).as("exactly the two parameter ARNs").isEqualTo(PARAMETER_ARNS);
    // The parameters' names are template parameters whose pattern requires the leading '/', so each ARN is
    // "parameter" followed by the name exactly (a plain name would need "parameter/").
    for (String parameter : List.of("SigningKeyParameter", "WebhookSecretParameter")) {
      Pattern allowed = Pattern.compile(
          (String) map(map(template.get("Parameters")).get(parameter)).get("AllowedPattern"));
      assertThat(List.of("/secretfn/billing/signing-key", "/a")).allMatch(v -> allowed.matcher(v).matches());
      assertThat(List.of("", "plain", "/a/", "//a", "/a/*", "/a b", "/orders/../x/*"))
          .noneMatch(v -> allowed.matcher(v).matches());
    }

    // kms:Decrypt only through each service (kms:ViaService), and only for these resources (the services'
    // own encryption context), on the stack's key alone.
    assertThat(withActionPrefix(statements, "kms:")).hasSize(2).allSatisfy(s -> {
      assertThat(strings(s.get("Action"))).containsExactly("kms:Decrypt");
      assertThat(s.get("Resource")).isEqualTo(KEY_ARN);
      assertThat(map(map(s.get("Condition")).get("StringEquals"))).containsKey("kms:ViaService");
    });
    assertThat(bySid(statements, "DecryptOwnDatabaseSecretThroughSecretsManager").get("Condition"))
        .isEqualTo(Map.of("StringEquals", Map.of(
            "kms:ViaService", Map.of("Fn::Sub", "secretsmanager.${AWS::Region}.amazonaws.com"),
            "kms:EncryptionContext:SecretARN", DATABASE_SECRET_ARN)));
    assertThat(bySid(statements, "DecryptOwnParametersThroughSsm").get("Condition"))
        .isEqualTo(Map.of("StringEquals", Map.of(
            "kms:ViaService", Map.of("Fn::Sub", "ssm.${AWS::Region}.amazonaws.com"),
            "kms:EncryptionContext:PARAMETER_ARN", PARAMETER_ARNS)));
    assertThat(actionsOf(statements)).containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents",
        "secretsmanager:GetSecretValue", "ssm:GetParameters", "kms:Decrypt", "kms:Decrypt");
    assertThat(withActionPrefix(statements, "s3:")).as("no S3 access").isEmpty();
    for (String other : List.of("ApiGatewayFunctionRole", "OrdersStreamFunctionRole")) {
      assertThat(roleStatements(other)).as("%s reads no managed secret", other)
          .noneMatch(s -> strings(s.get("Action")).stream().anyMatch(a -> a.matches("(secretsmanager|ssm):.*")));
    }
  }

  @Test
  void databaseSecret_isAGeneratedJsonPasswordUnderTheStackKeyAndKept() {
    Map<String, Object> secret = resource("DatabaseSecret");
    Map<String, Object> properties = properties("DatabaseSecret");

    assertThat(secret).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain")
        .doesNotContainKey("Condition");
    assertThat(properties.get("KmsKeyId")).isEqualTo(KEY_ARN);
    assertThat(properties).as("never a literal secret in the template").doesNotContainKey("SecretString")
        .doesNotContainKey("Name");
    Map<String, Object> generate = map(properties.get("GenerateSecretString"));
    assertThat(generate.get("SecretStringTemplate"))
        .isEqualTo(Map.of("Fn::Sub", "{\"username\": \"${DatabaseUsername}\"}"));
    assertThat(generate).containsEntry("GenerateStringKey", "password");
    assertThat((Integer) generate.get("PasswordLength")).isGreaterThanOrEqualTo(32);
    assertThat((String) generate.get("ExcludeCharacters")).contains("/", "@", "\"", " ");
    assertThat(map(map(template.get("Outputs")).get("DatabaseSecretArn")).get("Value"))
        .isEqualTo(DATABASE_SECRET_ARN);
  }

  @Test
  void managedStoreReferences_renderAndParseAsTheStoresCanonicalForms() throws ReferenceException {
    Map<String, String> values = Map.of(
        "DatabaseSecret", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-DatabaseSecret-AbCdEf",
        "SigningKeyParameter", "/secretfn/billing/signing-key", "SigningKeyVersion", "4",
        "WebhookSecretParameter", "/secretfn/billing/webhook-secret", "WebhookSecretVersion", "2");
    Map<String, Object> variables = variables("BillingWebhookFunction");
    // The forms of the aws-sm:// and ssm:// stores (issue 13).
    assertThat(render((String) map(variables.get("DB_USER")).get("Fn::Sub"), values)).isEqualTo(
        "aws-sm://arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-DatabaseSecret-AbCdEf#username");
    assertThat(render((String) map(variables.get("DB_PASS")).get("Fn::Sub"), values)).isEqualTo(
        "aws-sm://arn:aws:secretsmanager:eu-west-1:111122223333:secret:orders-DatabaseSecret-AbCdEf#password");
    assertThat(subTemplates(variables.get("SIGNING_KEY")).stream().map(sub -> render(sub, values)))
        .containsExactly("ssm:///secretfn/billing/signing-key?version=4", "ssm:///secretfn/billing/signing-key");
    assertThat(subTemplates(variables.get("WEBHOOK_SECRET")).stream().map(sub -> render(sub, values)))
        .containsExactly("ssm:///secretfn/billing/webhook-secret?version=2", "ssm:///secretfn/billing/webhook-secret");
    // And they parse, canonical, with the stores' own syntaxes: the secret's ARN and field, each parameter's
    // name and pin.
    for (String name : List.of("DB_USER", "DB_PASS", "SIGNING_KEY", "WEBHOOK_SECRET")) {
      for (String sub : subTemplates(variables.get(name))) {
        String rendered = render(sub, values);
        SecretReference reference = PARSER.parse(name, rendered);
        assertThat(reference.format()).as("%s canonical", name).isEqualTo(rendered);
        if (name.startsWith("DB_")) {
          assertThat(reference).isInstanceOf(SecretsManagerSecret.class);
          assertThat(((SecretsManagerSecret) reference).arn()).contains(values.get("DatabaseSecret"));
        } else {
          assertThat(reference).isInstanceOf(SsmParameter.class);
          assertThat(((SsmParameter) reference).name()).startsWith("/secretfn/billing/");
        }
      }
    }
    assertThat(list(map(variables.get("SIGNING_KEY")).get("Fn::If")).get(0)).isEqualTo("SigningKeyPinned");
    assertThat(map(template.get("Conditions")).get("SigningKeyPinned"))
        .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "SigningKeyVersion"), "")))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ApiGatewayFunctionRole", "OrdersStreamFunctionRole", "BillingWebhookFunctionRole"})
  void functionRole_onlyAllowsNamedActionsOnNamedResources(String role) {
    Map<String, Object> trust = map(properties(role).get("AssumeRolePolicyDocument"));
    assertThat(statements(trust)).containsExactly(Map.of("Effect", "Allow",
        "Principal", Map.of("Service", "lambda.amazonaws.com"), "Action", "sts:AssumeRole"));
    assertThat(properties(role)).doesNotContainKeys("ManagedPolicyArns", "PermissionsBoundary", "RoleName");

    for (Map<String, Object> statement : roleStatements(role)) {
      assertThat(statement).as("%s: %s", role, statement)
          .containsEntry("Effect", "Allow")
          .doesNotContainKeys("NotAction", "NotResource", "Principal", "NotPrincipal");
      assertThat(strings(statement.get("Action"))).as("%s actions", role)
          .isNotEmpty()
          .allSatisfy(action -> assertThat(action).matches("[a-z0-9-]+:[A-Za-z]+"));
      Object resource = statement.get("Resource");
      if (resource instanceof List) {
        // A list of named resources (the parameters), each an Fn::Sub without a wildcard.
        assertThat(list(resource)).as("%s resources", role).isNotEmpty().allSatisfy(each ->
            assertThat((String) map(each).get("Fn::Sub")).as("%s resource", role).isNotNull().doesNotContain("*"));
        continue;
      }
      assertThat(resource).as("%s: one resource, named", role).isInstanceOf(Map.class);
      if (map(resource).containsKey("Fn::Sub")) {
        assertThat((String) map(resource).get("Fn::Sub")).as("%s resource", role).doesNotContain("*");
      } else if (map(resource).containsKey("Ref")) {
        assertThat(resource).as("%s: a Ref names a secret of this template", role).isEqualTo(DATABASE_SECRET_ARN);
      } else {
        // A GetAtt of a resource of this template: the key, or the function's own log group (whose Arn
        // attribute ends in ":*", the streams of that one group).
        assertThat(resource).isIn(KEY_ARN,
            Map.of("Fn::GetAtt", List.of(role.replace("Role", "Logs"), "Arn")));
      }
    }
  }

  @Test
  void bucket_isPrivateVersionedKeptAndEncryptedWithTheKey() {
    Map<String, Object> bucket = resource("SecretsBucket");
    Map<String, Object> properties = properties("SecretsBucket");

    assertThat(properties.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true,
        "BlockPublicPolicy", true, "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
    assertThat(properties.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
    assertThat(properties.get("OwnershipControls"))
        .isEqualTo(Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))));
    assertThat(properties.get("BucketEncryption")).isEqualTo(Map.of("ServerSideEncryptionConfiguration",
        List.of(Map.of("ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", KEY_ARN),
            "BucketKeyEnabled", false))));
    assertThat(bucket).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain")
        .doesNotContainKey("Condition");
    assertThat(properties).doesNotContainKeys("BucketName", "AccessControl", "WebsiteConfiguration");

    Map<String, Object> policy = properties("SecretsBucketPolicy");
    assertThat(policy.get("Bucket")).isEqualTo(Map.of("Ref", "SecretsBucket"));
    List<Map<String, Object>> statements = statements(map(policy.get("PolicyDocument")));
    assertThat(statements).allSatisfy(s -> assertThat(s).containsEntry("Effect", "Deny"));
    assertThat(statements).extracting(s -> s.get("Sid"))
        .containsExactly("DenyInsecureTransport", "DenyUploadsNotEncryptedWithTheSecretsKey");
    assertThat(statements.get(0).get("Condition")).isEqualTo(Map.of("Bool", Map.of("aws:SecureTransport", "false")));
    assertThat(statements.get(1).get("Condition")).isEqualTo(Map.of("StringNotEquals",
        Map.of("s3:x-amz-server-side-encryption-aws-kms-key-id", KEY_ARN)));
  }

  @Test
  void key_isSymmetricRotatedKeptAndTheDeployerCannotDecrypt() {
    Map<String, Object> key = resource("SecretsKey");
    Map<String, Object> properties = properties("SecretsKey");

    assertThat(properties).containsEntry("KeySpec", "SYMMETRIC_DEFAULT").containsEntry("KeyUsage", "ENCRYPT_DECRYPT")
        .containsEntry("EnableKeyRotation", true);
    assertThat(key).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain")
        .doesNotContainKey("Condition");
    assertThat(properties("SecretsKeyAlias")).isEqualTo(Map.of(
        "AliasName", Map.of("Fn::Sub", "alias/${AWS::StackName}-secrets"), "TargetKeyId", Map.of("Ref", "SecretsKey")));

    List<Object> statements = list(map(properties.get("KeyPolicy")).get("Statement"));
    assertThat(statements.get(0)).isEqualTo(Map.of("Sid", "AccountAdministersTheKeyThroughIam", "Effect", "Allow",
        "Principal", Map.of("AWS", Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root")),
        "Action", "kms:*", "Resource", "*"));
    List<Map<String, Object>> deployer = new ArrayList<>();
    for (Object statement : statements.subList(1, statements.size())) {
      // Fn::If [HasDeployer, STATEMENT, AWS::NoValue]: present only when a deployer role is given.
      List<Object> branches = list(map(statement).get("Fn::If"));
      assertThat(branches).hasSize(3);
      assertThat(branches.get(0)).isEqualTo("HasDeployer");
      assertThat(branches.get(2)).isEqualTo(NO_VALUE);
      deployer.add(map(branches.get(1)));
    }
    assertThat(deployer).extracting(s -> s.get("Sid")).containsExactly("DeployerAdministersTheKey", "DeployerEncrypts");
    assertThat(deployer).allSatisfy(s -> {
      assertThat(s.get("Principal")).isEqualTo(Map.of("AWS", Map.of("Ref", "DeployerRoleArn")));
      assertThat(strings(s.get("Action"))).allSatisfy(action -> assertThat(action)
          .startsWith("kms:").doesNotContain("*").isNotIn("kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
              "kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext"));
    });
    assertThat(strings(deployer.get(1).get("Action"))).containsExactly("kms:Encrypt", "kms:GenerateDataKey");
  }

  @Test
  void variables_holdOnlyReferencesAndCiphertextsFromConstrainedParameters() {
    Map<String, Object> parameters = map(template.get("Parameters"));
    for (String id : FUNCTIONS) {
      map(map(function(id).get("Environment")).get("Variables")).forEach((name, value) -> {
        assertThat(value).as("%s %s: never a literal value in the template", id, name).isInstanceOf(Map.class);
        if (map(value).containsKey("Ref")) {
          Map<String, Object> parameter = map(parameters.get((String) map(value).get("Ref")));
          assertThat(parameter).as("%s %s: a parameter of this template", id, name).isNotNull();
          assertThat(parameter).as("%s %s: a constrained parameter", id, name).containsKey("AllowedPattern");
          assertThat(parameter).doesNotContainKey("NoEcho");
        } else {
          assertThat(subTemplates(value)).as("%s %s", id, name).isNotEmpty()
              .allSatisfy(sub -> assertThat(sub).matches("(s3|aws-kms|aws-sm|ssm)://.+"));
        }
      });
    }
    assertThat(variables("ApiGatewayFunction")).isEqualTo(Map.of(
        "API_KEY", Map.of("Ref", "ApiKeyCiphertext"), "UPSTREAM_URL", Map.of("Ref", "UpstreamUrl")));
    assertThat(variables("OrdersStreamFunction")).isEqualTo(Map.of("DB_USER", credentialsField("username"),
        "DB_PASS", credentialsField("password"), "UPSTREAM_URL", Map.of("Ref", "UpstreamUrl")));
    assertThat(variables("BillingWebhookFunction")).isEqualTo(Map.of(
        "DB_USER", Map.of("Fn::Sub", "aws-sm://${DatabaseSecret}#username"),
        "DB_PASS", Map.of("Fn::Sub", "aws-sm://${DatabaseSecret}#password"),
        "SIGNING_KEY", Map.of("Fn::If", List.of("SigningKeyPinned",
            Map.of("Fn::Sub", "ssm://${SigningKeyParameter}?version=${SigningKeyVersion}"),
            Map.of("Fn::Sub", "ssm://${SigningKeyParameter}"))),
        "WEBHOOK_SECRET", Map.of("Fn::If", List.of("WebhookSecretPinned",
            Map.of("Fn::Sub", "ssm://${WebhookSecretParameter}?version=${WebhookSecretVersion}"),
            Map.of("Fn::Sub", "ssm://${WebhookSecretParameter}"))),
        "UPSTREAM_URL", Map.of("Ref", "UpstreamUrl")));
  }

  @Test
  void credentialReferences_parseAsUnpinnedS3FieldsOfTheOneObjectThatCanRefresh() throws ReferenceException {
    Map<String, String> values = Map.of("SecretsBucket", "orders-secretsbucket-1a2b3c4d5e6f");
    // The orders function declares both refreshing: a pinned reference would fail its start-up.
    assertThat(map(template.get("Parameters"))).doesNotContainKey("CredentialsVersionId");
    assertThat(map(template.get("Conditions"))).doesNotContainKey("CredentialsPinned");
    for (String name : List.of("DB_USER", "DB_PASS")) {
      List<String> subs = subTemplates(variables("OrdersStreamFunction").get(name));
      assertThat(subs).hasSize(1);
      for (String sub : subs) {
        String rendered = render(sub, values);
        SecretReference reference = PARSER.parse(name, rendered);
        assertThat(reference).isInstanceOf(S3Object.class);
        S3Object object = (S3Object) reference;
        assertThat(object.bucket()).isEqualTo("orders-secretsbucket-1a2b3c4d5e6f");
        assertThat(object.key()).isEqualTo("orders/credentials.json");
        assertThat(object.field()).contains(name.equals("DB_USER") ? "username" : "password");
        assertThat(reference.format()).as("canonical").isEqualTo(rendered);
        assertThat(reference.pinned()).as("names no version").isFalse();
        assertThat(reference.refreshable()).isTrue();
      }
    }
    Object output = map(map(template.get("Outputs")).get("CredentialsObject")).get("Value");
    assertThat(render((String) map(output).get("Fn::Sub"), values))
        .isEqualTo("s3://orders-secretsbucket-1a2b3c4d5e6f/orders/credentials.json");
  }

  @Test
  void apiKeyParameter_acceptsCiphertextsAndReferencesOnlyAndTheyParse() throws ReferenceException {
    Map<String, Object> parameter = map(map(template.get("Parameters")).get("ApiKeyCiphertext"));
    Pattern allowed = Pattern.compile((String) parameter.get("AllowedPattern"));
    String ciphertext = AwsDeployTest.CIPHERTEXT;
    String arn = ScriptConventionsTest.AWS_KEY_ARN;

    for (String value : List.of(ciphertext, "aws-kms://" + arn + "?ciphertext=" + ciphertext,
        "aws-kms://alias/orders-secrets?ciphertext=" + ciphertext, "aws-kms://?ciphertext=" + ciphertext)) {
      assertThat(allowed.matcher(value).matches()).as("accepts %s", value).isTrue();
      SecretReference reference = PARSER.parseCiphertext("API_KEY", value, Kms.AWS, Environment.of(Map.of()));
      assertThat(reference).isInstanceOf(AwsKmsCiphertext.class);
      assertThat(((AwsKmsCiphertext) reference).ciphertextBase64()).isEqualTo(ciphertext);
    }
    for (String value : List.of("my plain api key", "hunter2!", "AQIDBA", "AQIDBB==", "AQIDBA==\n", " AQIDBA==",
        "AQID-A==", "aws-kms://al%as?ciphertext=AQIDBA==", "s3://bucket/key", "aws-kms://k?ciphertext=")) {
      assertThat(allowed.matcher(value).matches()).as("rejects %s", value).isFalse();
    }
    assertThat(parameter).containsEntry("Default", "");
  }

  @Test
  void snapStart_isOnPublishedVersionsWhenEnabledAndOffByDefault() {
    Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
    assertThat(globals.get("SnapStart")).isEqualTo(Map.of("Fn::If",
        List.of("SnapStartEnabled", Map.of("ApplyOn", "PublishedVersions"), NO_VALUE)));
    assertThat(globals.get("AutoPublishAlias")).as("SnapStart applies to published versions").isEqualTo("live");
    assertThat(map(template.get("Conditions")).get("SnapStartEnabled"))
        .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "EnableSnapStart"), "true")));
    assertThat(map(map(template.get("Parameters")).get("EnableSnapStart")))
        .containsEntry("AllowedValues", List.of("true", "false")).containsEntry("Default", "false");
    for (String id : FUNCTIONS) {
      assertThat(properties(id)).as("%s takes SnapStart from Globals", id).doesNotContainKey("SnapStart");
    }
  }

  @Test
  void versions_arePublishedWheneverTheVersionTokenChanges() {
    // SAM hashes the code and the template text to decide on a new version, not parameter values; the token
    // (a digest that deploy.sh computes) makes a new ciphertext or pin reach the alias "live" too.
    for (String id : FUNCTIONS) {
      assertThat(properties(id)).as(id).containsEntry("AutoPublishCodeSha256", Map.of("Ref", "VersionToken"));
    }
    Map<String, Object> parameter = map(map(template.get("Parameters")).get("VersionToken"));
    assertThat(parameter).containsEntry("Default", "");
    Pattern allowed = Pattern.compile((String) parameter.get("AllowedPattern"));
    assertThat(List.of("", "0123456789", "0123456789abcdef")).allMatch(v -> allowed.matcher(v).matches());
    assertThat(List.of("012345678", "0123456789ABCDEF", "AQICAHj777/+/2E="))
        .noneMatch(v -> allowed.matcher(v).matches());
  }

  @Test
  void functionsAndTheirResources_existOnlyOnceTheirSettingsAreGiven() {
    Set<String> always =
        Set.of("SecretsKey", "SecretsKeyAlias", "SecretsBucket", "SecretsBucketPolicy", "DatabaseSecret");
    map(template.get("Resources")).forEach((id, resource) -> {
      if (!always.contains(id)) {
        assertThat(map(resource)).as(id).containsEntry("Condition", "FunctionsEnabled");
      }
    });
    assertThat(map(template.get("Conditions")).get("FunctionsEnabled"))
        .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "CreateFunctions"), "true")));
    Map<String, Object> rule = map(map(template.get("Rules")).get("FunctionsNeedTheirSettings"));
    assertThat(rule.get("RuleCondition"))
        .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "CreateFunctions"), "true")));
    assertThat(list(rule.get("Assertions"))).extracting(a -> map(a).get("Assert")).containsExactly(
        Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "ApiKeyCiphertext"), "")))),
        Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "UpstreamUrl"), "")))));
    assertThat(map(map(template.get("Outputs")).get("WeatherApiUrl"))).containsEntry("Condition", "FunctionsEnabled");
  }

  @Test
  void weatherApi_isGetWeatherBehindIamAuthorization() {
    Map<String, Object> event = map(map(function("ApiGatewayFunction").get("Events")).get("Weather"));
    assertThat(event).isEqualTo(Map.of("Type", "HttpApi", "Properties", Map.of("ApiId", Map.of("Ref", "WeatherApi"),
        "Path", "/weather", "Method", "GET", "PayloadFormatVersion", "1.0")));
    assertThat(properties("WeatherApi").get("Auth"))
        .isEqualTo(Map.of("EnableIamAuthorizer", true, "DefaultAuthorizer", "AWS_IAM"));
    assertThat(function("OrdersStreamFunction")).doesNotContainKey("Events");
    assertThat(function("BillingWebhookFunction")).as("its public webhook route is the team's to add")
        .doesNotContainKey("Events");
  }

  @Test
  void outputs_nameTheKeyTheBucketTheFunctionsAndTheApi() {
    Map<String, Object> outputs = map(template.get("Outputs"));
    assertThat(outputs).containsOnlyKeys("SecretsKeyArn", "SecretsKeyAlias", "SecretsBucketName",
        "CredentialsObject", "DatabaseSecretArn", "ApiGatewayFunctionName", "OrdersStreamFunctionName",
        "BillingWebhookFunctionName", "WeatherApiUrl");
    assertThat(map(outputs.get("SecretsKeyArn")).get("Value")).isEqualTo(KEY_ARN);
    assertThat(map(outputs.get("SecretsBucketName")).get("Value")).isEqualTo(Map.of("Ref", "SecretsBucket"));
    assertThat(map(outputs.get("WeatherApiUrl")).get("Value")).isEqualTo(
        Map.of("Fn::Sub", "https://${WeatherApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/weather"));
  }

  // ---- helpers

  static Map<String, Object> resource(String id) {
    Map<String, Object> resource = map(map(template.get("Resources")).get(id));
    assertThat(resource).as("resource %s", id).isNotNull();
    return resource;
  }

  static Map<String, Object> properties(String id) {
    return map(resource(id).get("Properties"));
  }

  /** A function's properties as SAM sees them: Globals.Function, then the function's own properties. */
  static Map<String, Object> function(String id) {
    Map<String, Object> merged = new LinkedHashMap<>(map(map(template.get("Globals")).get("Function")));
    merged.putAll(properties(id));
    return merged;
  }

  static Map<String, Object> variables(String id) {
    return map(map(function(id).get("Environment")).get("Variables"));
  }

  /** A field of the credentials object, unpinned: the orders function refreshes it. */
  static Map<String, Object> credentialsField(String field) {
    return Map.of("Fn::Sub", "s3://${SecretsBucket}/orders/credentials.json#" + field);
  }

  /** Every statement of every inline policy of a role. */
  static List<Map<String, Object>> roleStatements(String role) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (Object policy : list(properties(role).get("Policies"))) {
      Map<String, Object> document = map(map(policy).get("PolicyDocument"));
      assertThat(document).containsEntry("Version", "2012-10-17");
      all.addAll(statements(document));
    }
    return all;
  }

  static List<Map<String, Object>> statements(Map<String, Object> document) {
    Object statement = document.get("Statement");
    List<Object> each = statement instanceof List ? list(statement) : List.of(statement);
    return each.stream().map(AwsTemplateTest::map).collect(Collectors.toList());
  }

  static List<Map<String, Object>> withActionPrefix(List<Map<String, Object>> statements, String prefix) {
    return statements.stream()
        .filter(s -> strings(s.get("Action")).stream().anyMatch(a -> a.startsWith(prefix)))
        .collect(Collectors.toList());
  }

  static Map<String, Object> bySid(List<Map<String, Object>> statements, String sid) {
    List<Map<String, Object>> found =
        statements.stream().filter(s -> sid.equals(s.get("Sid"))).collect(Collectors.toList());
    assertThat(found).as("statement %s", sid).hasSize(1);
    return found.get(0);
  }

  static List<String> actionsOf(List<Map<String, Object>> statements) {
    return statements.stream().flatMap(s -> strings(s.get("Action")).stream()).collect(Collectors.toList());
  }

  /** An Action or Resource: one string or a list of them. */
  static List<String> strings(Object value) {
    if (value instanceof String) {
      return List.of((String) value);
    }
    return list(value).stream().map(v -> (String) v).collect(Collectors.toList());
  }

  /** The Fn::Sub templates of a value that is an Fn::Sub or an Fn::If between Fn::Subs. */
  static List<String> subTemplates(Object value) {
    Map<String, Object> intrinsic = map(value);
    if (intrinsic.containsKey("Fn::Sub")) {
      return List.of((String) intrinsic.get("Fn::Sub"));
    }
    if (intrinsic.containsKey("Fn::If")) {
      List<Object> branches = list(intrinsic.get("Fn::If"));
      List<String> subs = new ArrayList<>(subTemplates(branches.get(1)));
      subs.addAll(subTemplates(branches.get(2)));
      return subs;
    }
    return fail("expected Fn::Sub or Fn::If, got " + value);
  }

  /** Fills ${NAME} in an Fn::Sub template; every name must be given. */
  static String render(String sub, Map<String, String> values) {
    String rendered = sub;
    for (Map.Entry<String, String> entry : values.entrySet()) {
      rendered = rendered.replace("${" + entry.getKey() + "}", entry.getValue());
    }
    assertThat(rendered).as("every ${...} of %s filled", sub).doesNotContain("${");
    return rendered;
  }

  /** {@code artifactId-version-function.jar} of samples-lambda/MODULE, from its pom (the version from its parent). */
  static String samplesLambdaJar(String module) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document pom = factory.newDocumentBuilder().parse(SAMPLES_LAMBDA.resolve(module).resolve("pom.xml").toFile());
    Element project = pom.getDocumentElement();
    String artifactId = child(project, "artifactId");
    String version = child(project, "version");
    if (version == null) {
      version = child(firstChildElement(project, "parent"), "version");
    }
    return artifactId + "-" + version + "-function.jar";
  }

  private static Element firstChildElement(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element && node.getNodeName().equals(name)) {
        return (Element) node;
      }
    }
    return null;
  }

  private static String child(Element parent, String name) {
    Element element = firstChildElement(parent, name);
    return element == null ? null : element.getTextContent().trim();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    assertThat(value).as("a mapping").isInstanceOfAny(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    assertThat(value).as("a sequence").isInstanceOf(List.class);
    return (List<Object>) value;
  }
}

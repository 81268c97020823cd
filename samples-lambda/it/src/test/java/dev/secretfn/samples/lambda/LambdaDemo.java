package dev.secretfn.samples.lambda;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The samples' world for the end-to-end tests: the AWS KMS, S3, Secrets Manager and SSM emulators seeded as the
 * deploy scripts would seed the real services (a key, {@code API_KEY} encrypted with the console's context, one
 * credentials object, one database secret, two SecureString parameters, the signing key in two versions), the
 * upstream stub that only answers to the real values, and each function's environment. The plaintexts are
 * fresh canaries per instance.
 */
final class LambdaDemo implements AutoCloseable {
  static final String API_HANDLER = ApiGatewayFunction.class.getName();
  static final String STREAM_HANDLER = OrdersStreamFunction.class.getName();
  static final String BILLING_HANDLER = BillingWebhookFunction.class.getName();
  static final String DATABASE_SECRET = "prod/billing/db";
  /** Hierarchical, pinned to version 2 (version 1 holds an older key); plain, latest. */
  static final String SIGNING_KEY_PARAMETER = "/secretfn/billing/signing-key";
  static final String WEBHOOK_SECRET_PARAMETER = "billing-webhook-secret";
  static final String WEBHOOK_BODY = "{\"type\":\"invoice.paid\",\"id\":\"evt_1\"}";
  static final String BUCKET = "secretfn-demo-secrets";
  static final String CREDENTIALS = "orders/credentials.json";
  static final String DB_USER = "orders-app";
  static final String API_EVENT =
      "{\"resource\":\"/weather\",\"path\":\"/weather\",\"httpMethod\":\"GET\","
          + "\"queryStringParameters\":{\"city\":\"Bern\"},\"headers\":{\"Accept\":\"application/json\"}}";

  final String dbPass = "canary-db-pass-" + UUID.randomUUID();
  final String apiKey = "canary-api-key-" + UUID.randomUUID();
  final String signingKey = "canary-signing-key-" + UUID.randomUUID();
  final String webhookSecret = "canary-webhook-secret-" + UUID.randomUUID();
  final AwsKmsEmulator kms;
  final S3Emulator s3;
  final SecretsManagerEmulator secretsManager;
  final SsmEmulator ssm;
  final UpstreamStub upstream;
  final String keyArn;
  /** The database secret's ARN, as the template's {@code !Ref DatabaseSecret} gives it. */
  final String databaseSecretArn;

  private LambdaDemo() throws IOException {
    kms = AwsKmsEmulator.start();
    s3 = S3Emulator.start();
    upstream = UpstreamStub.start(DB_USER, dbPass, apiKey);
    keyArn = kms.createKey();
    rotateCredentials(dbPass);
    secretsManager = SecretsManagerEmulator.start();
    ssm = SsmEmulator.start();
    databaseSecretArn = secretsManager.createSecret(DATABASE_SECRET,
        "{\"username\":\"" + DB_USER + "\",\"password\":\"" + dbPass + "\",\"host\":\"db.internal\",\"port\":5432}");
    ssm.putSecureString(SIGNING_KEY_PARAMETER, "retired-" + signingKey, keyArn);
    ssm.putSecureString(SIGNING_KEY_PARAMETER, signingKey, keyArn);
    ssm.putSecureString(WEBHOOK_SECRET_PARAMETER, webhookSecret, "alias/aws/ssm");
  }

  static LambdaDemo start() throws IOException {
    return new LambdaDemo();
  }

  /**
   * The deployable jar of the function module {@code module} ({@code weather}, {@code orders}): what SAM
   * deploys, one per function.
   */
  static Path jar(String module) {
    return FunctionJars.of(Path.of("target"), module);
  }

  /** API_KEY encrypted as the Lambda console's helpers do: context {"LambdaFunctionName": <function name>}. */
  Map<String, String> apiEnvironment(LambdaRuntimeEmulator lambda) {
    Map<String, String> env = common(lambda, API_HANDLER);
    env.put("API_KEY", Base64.getEncoder().encodeToString(kms.encrypt(keyArn, apiKey.getBytes(StandardCharsets.UTF_8),
        Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME))));
    return env;
  }

  /**
   * Writes the credentials object anew with {@code password} (a new S3 version), as a rotation does; returns the
   * version id. The orders function's references name no version, so a refresh reads it.
   */
  String rotateCredentials(String password) {
    return s3.putObject(BUCKET, CREDENTIALS, ("{\"username\":\"" + DB_USER + "\",\"password\":\"" + password
        + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  /** The orders function's credentials: two fields of one object, unpinned (no ?versionId=) so that they refresh. */
  Map<String, String> streamEnvironment(LambdaRuntimeEmulator lambda) {
    Map<String, String> env = common(lambda, STREAM_HANDLER);
    env.put("DB_USER", "s3://" + BUCKET + "/" + CREDENTIALS + "#username");
    env.put("DB_PASS", "s3://" + BUCKET + "/" + CREDENTIALS + "#password");
    return env;
  }

  /**
   * The database secret's two fields (one GetSecretValue) and two SecureStrings, one hierarchical and pinned, one
   * plain (one GetParameters).
   */
  Map<String, String> billingEnvironment(LambdaRuntimeEmulator lambda) {
    Map<String, String> env = common(lambda, BILLING_HANDLER);
    env.put("DB_USER", "aws-sm://" + databaseSecretArn + "#username");
    env.put("DB_PASS", "aws-sm://" + databaseSecretArn + "#password");
    env.put("SIGNING_KEY", "ssm://" + SIGNING_KEY_PARAMETER + "?version=2");
    env.put("WEBHOOK_SECRET", "ssm://" + WEBHOOK_SECRET_PARAMETER);
    return env;
  }

  /** An API Gateway event carrying {@link #WEBHOOK_BODY} signed as the payment provider signs it. */
  String webhookEvent(String secret) {
    return "{\"resource\":\"/billing/webhook\",\"path\":\"/billing/webhook\",\"httpMethod\":\"POST\","
        + "\"headers\":{\"Content-Type\":\"application/json\",\"X-Webhook-Signature\":\"sha256="
        + hmacHex(secret, WEBHOOK_BODY) + "\"},\"body\":" + jsonString(WEBHOOK_BODY) + "}";
  }

  /** HMAC-SHA256 of {@code data} under {@code key}, in hex: the webhook's and the receipt's signature. */
  static String hmacHex(String key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String jsonString(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private Map<String, String> common(LambdaRuntimeEmulator lambda, String handler) {
    Map<String, String> env = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler));
    env.putAll(emulatorHosts(kms, s3, secretsManager, ssm));
    env.put("UPSTREAM_URL", upstream.url().toString());
    return env;
  }

  /** Decrypt calls the KMS emulator has served so far. */
  long decrypts() {
    return kms.requests().stream()
        .filter(r -> r.header("X-Amz-Target").map("TrentService.Decrypt"::equals).orElse(false))
        .filter(r -> r.header("Authorization").isPresent()).count();
  }

  /**
   * Unsigned Decrypt requests: SnapStart priming's, which carry a throwaway ciphertext and no credential and which
   * KMS refuses. They decrypt nothing, so {@link #decrypts()} leaves them out.
   */
  long primingRequests() {
    return kms.requests().stream()
        .filter(r -> r.header("X-Amz-Target").map("TrentService.Decrypt"::equals).orElse(false))
        .filter(r -> r.header("Authorization").isEmpty()).count();
  }

  /** The variables that point each AWS store at its emulator (secretfn's loopback settings, dummy credentials). */
  static Map<String, String> emulatorHosts(AwsKmsEmulator kms, S3Emulator s3, SecretsManagerEmulator secretsManager,
      SsmEmulator ssm) {
    return Map.of(
        "SECRETFN_AWS_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()),
        "SECRETFN_AWS_S3_EMULATOR_HOST", s3.endpoint().substring("http://".length()),
        "SECRETFN_AWS_SECRETSMANAGER_EMULATOR_HOST", secretsManager.endpoint().substring("http://".length()),
        "SECRETFN_AWS_SSM_EMULATOR_HOST", ssm.endpoint().substring("http://".length()));
  }

  /** GetSecretValue calls the Secrets Manager emulator has served so far. */
  long secretValueReads() {
    return secretsManager.requests().stream()
        .filter(r -> r.header("X-Amz-Target").map("secretsmanager.GetSecretValue"::equals).orElse(false)).count();
  }

  /** The bodies of the GetParameters calls the SSM emulator has received so far, oldest first. */
  List<String> getParametersBodies() {
    return ssm.getParametersRequests().stream().map(RecordedRequest::bodyUtf8).collect(Collectors.toList());
  }

  /** Reads of the credentials object the S3 emulator has served so far. */
  long objectReads() {
    return s3.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith("/" + BUCKET + "/orders/")).count();
  }

  @Override
  public void close() {
    kms.close();
    s3.close();
    secretsManager.close();
    ssm.close();
    upstream.close();
  }
}

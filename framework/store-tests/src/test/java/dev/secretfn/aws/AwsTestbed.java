package dev.secretfn.aws;

import dev.secretfn.aws.ssm.SsmModule;
import dev.secretfn.stores.SourceTestbed;
import dev.secretfn.stores.TestDeployment;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The AWS part of a {@link SourceTestbed}: AWS KMS, S3, Secrets Manager and SSM emulators (with two keys and a
 * bucket), the region,
 * function name and emulator hosts in the variables, and what the tests read from the request logs.
 */
public final class AwsTestbed extends SourceTestbed {
  public static final String REGION = "us-east-1";
  public static final String FUNCTION_NAME = "orders-api";
  public static final String BUCKET = "secretfn-it-secrets";

  private static final String KMS_CLIENT_BUILT = "AWS KMS endpoint overridden";
  private static final String S3_CLIENT_BUILT = "S3 endpoint overridden";
  /** Logged by both SSM transports; only the official one's is closed. */
  private static final String SSM_CLIENT_BUILT = "SSM endpoint overridden";
  private static final String SECRETS_MANAGER_CLIENT_BUILT = "AWS Secrets Manager endpoint overridden";

  public final AwsKmsEmulator kms;
  public final S3Emulator s3;
  public final SecretsManagerEmulator secretsManager;
  public final SsmEmulator ssm;
  /** Key ARNs. */
  public final String key;
  public final String otherKey;

  public AwsTestbed() {
    kms = AwsKmsEmulator.start();
    s3 = S3Emulator.start();
    secretsManager = SecretsManagerEmulator.start(REGION);
    ssm = SsmEmulator.start();
    key = kms.createKey();
    otherKey = kms.createKey();
    s3.createBucket(BUCKET);
  }

  /** A deployment with the cloud's variables, {@code references}, {@link #FAST} and {@code settings}. */
  public TestDeployment deployment(Map<String, String> references, AwsSettings settings) {
    return deployment(references).with(settings);
  }

  /** AWS_REGION, AWS_LAMBDA_FUNCTION_NAME and the emulator host variables. */
  @Override
  protected Map<String, String> cloudVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("AWS_REGION", REGION);
    variables.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME);
    variables.putAll(emulatorHosts());
    return variables;
  }

  @Override
  protected List<Client> clients() {
    return List.of(new Client(KMS_CLIENT_BUILT, c -> c.awsKmsClient().map(SourceTestbed::closing)),
        new Client(S3_CLIENT_BUILT, c -> c.s3Client().map(SourceTestbed::closing)),
        new Client(SSM_CLIENT_BUILT, c -> c.ssmClient().map(SourceTestbed::closing)),
        new Client(SECRETS_MANAGER_CLIENT_BUILT, c -> c.secretsManagerClient().map(SourceTestbed::closing)));
  }

  @Override
  protected void stopEmulators() {
    kms.close();
    s3.close();
    secretsManager.close();
    ssm.close();
  }

  @Override
  protected List<Object> emulatorState() {
    return List.of(kms.requests(), s3.requests(), kms, s3, kms.knobs(), s3.knobs(),
        secretsManager.requests(), secretsManager, secretsManager.knobs(), ssm.requests(), ssm, ssm.knobs());
  }

  Map<String, String> emulatorHosts() {
    return Map.of(
        AwsSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length()),
        AwsSettings.S3_EMULATOR_HOST, s3.endpoint().substring("http://".length()),
        AwsSettings.SECRETS_MANAGER_EMULATOR_HOST, secretsManager.endpoint().substring("http://".length()),
        SsmModule.EMULATOR_HOST, ssm.endpoint().substring("http://".length()));
  }

  /** Base64 of {@code plaintext} encrypted under {@code key} with {@code context}, as the console helpers do. */
  public String encrypt(String key, String plaintext, Map<String, String> context) {
    return Base64.getEncoder().encodeToString(
        kms.encrypt(key, plaintext.getBytes(StandardCharsets.UTF_8), context));
  }

  /** Encrypted with the console's default context, {@code {"LambdaFunctionName": FUNCTION_NAME}}. */
  public String encryptForFunction(String key, String plaintext) {
    return encrypt(key, plaintext, Map.of(EncryptionContext.LAMBDA_FUNCTION_NAME, FUNCTION_NAME));
  }

  /** How many KMS clients were built: each logs its endpoint override once. */
  public long kmsClientsBuilt() {
    return logged(KMS_CLIENT_BUILT);
  }

  public long s3ClientsBuilt() {
    return logged(S3_CLIENT_BUILT);
  }

  public List<RecordedRequest> decrypts() {
    return kms.requests().stream()
        .filter(r -> r.header("X-Amz-Target").orElse("").equals("TrentService.Decrypt"))
        .collect(Collectors.toList());
  }

  public List<RecordedRequest> gets() {
    return s3.requests().stream().filter(r -> r.method().equals("GET")).collect(Collectors.toList());
  }

  /** The GetSecretValue calls the Secrets Manager emulator received. */
  public List<RecordedRequest> secretValueReads() {
    return secretsManager.requests().stream()
        .filter(r -> r.header("X-Amz-Target").orElse("").equals("secretsmanager.GetSecretValue"))
        .collect(Collectors.toList());
  }

  /** The JSON body a KMS client sent. */
  static Map<String, Object> jsonBody(RecordedRequest request) {
    try {
      return Json.parseObject(request.bodyUtf8());
    } catch (Json.MalformedJsonException e) {
      throw new AssertionError("the request body is not a JSON object", e);
    }
  }
}

package dev.secretfn.bench.runner;

import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seeds the emulators and builds each scenario's environment, as a deployment would hold it: the secretfn
 * scenarios get references and ciphertexts only (the official-client scenarios the same as the default ones);
 * the plain scenario gets the plaintext, as users deploy today; the physical floor the URL of the JSON object on
 * the runtime's storage emulator; the framework-overhead scenario {@code mem://} references; the managed-store
 * scenarios one {@code gcp-sm://} secret version or one {@code ssm://} SecureString parameter (pinned) per variable;
 * the naive comparator gets the seed's form (bare ciphertexts, the key in {@code KMS_CRYPTO_KEY_ID}, the JSON
 * object's bucket and name) and its clients' endpoint settings.
 */
final class Deployments {
  static final String GCP_KEY = "projects/secretfn-bench/locations/global/keyRings/bench/cryptoKeys/secrets";
  static final String BUCKET = "secretfn-bench";
  static final String OBJECT = "db.json";
  static final String DB_USER = "bench-user";
  static final String DB_PASS = "bench-password-0123456789";
  static final int KMS_SECRETS = 8;
  static final String GCP_PROJECT = "secretfn-bench";
  /** Where the SSM scenarios' parameters live: one per variable, {@code /secretfn-bench/s1} … {@code db-pass}. */
  static final String SSM_PATH = "/secretfn-bench/";
  static final String SSM_KEY = "alias/aws/ssm";

  /** Every plaintext the secretfn scenarios resolve (none may appear in their environments). */
  final List<String> plaintexts = new ArrayList<>();

  final Map<String, String> gcfCommon = new LinkedHashMap<>();
  final Map<String, String> gcfEmpty;
  final Map<String, String> gcfPlain;
  final Map<String, String> gcfFloor;
  final Map<String, String> gcfMemory;
  final Map<String, String> gcfOne;
  final Map<String, String> gcfTen;
  final Map<String, String> gcfSecretManagerTen;
  final Map<String, String> gcfNaive;

  final Map<String, String> lambdaCommon = new LinkedHashMap<>();
  final Map<String, String> lambdaEmpty;
  final Map<String, String> lambdaPlain;
  final Map<String, String> lambdaFloor;
  final Map<String, String> lambdaMemory;
  final Map<String, String> lambdaOne;
  final Map<String, String> lambdaTen;
  final Map<String, String> lambdaSsmTen;
  final Map<String, String> lambdaNaive;

  Deployments(CloudKmsEmulator gcpKms, GrpcKmsEmulator grpcKms, CloudStorageEmulator gcs,
      SecretManagerEmulator secretManager, AwsKmsEmulator awsKms, S3Emulator s3, SsmEmulator ssm) {
    plaintexts.add(DB_USER);
    plaintexts.add(DB_PASS);
    for (int i = 1; i <= KMS_SECRETS; i++) {
      plaintexts.add(plaintext(i));
    }
    byte[] json = utf8("{\"username\":\"" + DB_USER + "\",\"password\":\"" + DB_PASS + "\"}");

    // GCF: Cloud KMS references and one Cloud Storage JSON object.
    gcpKms.createKey(GCP_KEY);
    gcs.putObject(BUCKET, OBJECT, json);
    gcfCommon.put("SECRETFN_GCP_KMS_EMULATOR_HOST", hostAndPort(gcpKms.endpoint()));
    gcfCommon.put("SECRETFN_GCP_STORAGE_EMULATOR_HOST", hostAndPort(gcs.endpoint()));
    gcfCommon.put("SECRETFN_GCP_SECRETMANAGER_EMULATOR_HOST", hostAndPort(secretManager.endpoint()));
    gcfEmpty = Collections.unmodifiableMap(new LinkedHashMap<>(gcfCommon));
    gcfPlain = plain(gcfCommon);
    gcfFloor = floor(gcfCommon, gcs.endpoint() + "/download/storage/v1/b/" + BUCKET + "/o/" + OBJECT + "?alt=media");
    gcfMemory = memory(gcfCommon);
    Map<String, String> gcfOne = new LinkedHashMap<>(gcfCommon);
    gcfOne.put("S1", gcpKms(gcpKms, 1));
    this.gcfOne = Collections.unmodifiableMap(gcfOne);
    Map<String, String> gcfTen = new LinkedHashMap<>(gcfCommon);
    for (int i = 1; i <= KMS_SECRETS; i++) {
      gcfTen.put("S" + i, gcpKms(gcpKms, i));
    }
    gcfTen.put("DB_USER", "gs://" + BUCKET + "/" + OBJECT + "#username");
    gcfTen.put("DB_PASS", "gs://" + BUCKET + "/" + OBJECT + "#password");
    this.gcfTen = Collections.unmodifiableMap(gcfTen);
    Map<String, String> gcfSecretManagerTen = new LinkedHashMap<>(gcfCommon);
    tenVariables().forEach((variable, value) -> gcfSecretManagerTen.put(variable,
        secretManager(secretManager, variable, value)));
    this.gcfSecretManagerTen = Collections.unmodifiableMap(gcfSecretManagerTen);
    Map<String, String> gcfNaive = new LinkedHashMap<>();
    gcfNaive.put("KMS_CRYPTO_KEY_ID", GCP_KEY);
    for (int i = 1; i <= KMS_SECRETS; i++) {
      gcfNaive.put("S" + i, base64(gcpKms.encrypt(GCP_KEY, utf8(plaintext(i)), new byte[0])));
    }
    gcfNaive.put("SECRETS_BUCKET", BUCKET);
    gcfNaive.put("SECRETS_OBJECT", OBJECT);
    // The endpoints (gRPC for Cloud KMS), and the project that the platform's metadata server would give the
    // Storage client (there is none here to ask).
    gcfNaive.put("KMS_GRPC_EMULATOR_HOST", grpcKms.hostAndPort());
    gcfNaive.put("STORAGE_EMULATOR_HOST", hostAndPort(gcs.endpoint()));
    gcfNaive.put("GOOGLE_CLOUD_PROJECT", "secretfn-bench");
    this.gcfNaive = Collections.unmodifiableMap(gcfNaive);

    // Lambda: AWS KMS references (the Lambda console's encryption context) and one S3 JSON object.
    String awsKey = awsKms.createKey();
    s3.putObject(BUCKET, OBJECT, json);
    lambdaCommon.put("SECRETFN_AWS_KMS_EMULATOR_HOST", hostAndPort(awsKms.endpoint()));
    lambdaCommon.put("SECRETFN_AWS_S3_EMULATOR_HOST", hostAndPort(s3.endpoint()));
    lambdaCommon.put("SECRETFN_AWS_SSM_EMULATOR_HOST", hostAndPort(ssm.endpoint()));
    lambdaEmpty = Collections.unmodifiableMap(new LinkedHashMap<>(lambdaCommon));
    lambdaPlain = plain(lambdaCommon);
    lambdaFloor = floor(lambdaCommon, s3.endpoint() + "/" + BUCKET + "/" + OBJECT);
    lambdaMemory = memory(lambdaCommon);
    Map<String, String> lambdaOne = new LinkedHashMap<>(lambdaCommon);
    lambdaOne.put("S1", awsKms(awsKms, awsKey, 1));
    this.lambdaOne = Collections.unmodifiableMap(lambdaOne);
    Map<String, String> lambdaTen = new LinkedHashMap<>(lambdaCommon);
    for (int i = 1; i <= KMS_SECRETS; i++) {
      lambdaTen.put("S" + i, awsKms(awsKms, awsKey, i));
    }
    lambdaTen.put("DB_USER", "s3://" + BUCKET + "/" + OBJECT + "#username");
    lambdaTen.put("DB_PASS", "s3://" + BUCKET + "/" + OBJECT + "#password");
    this.lambdaTen = Collections.unmodifiableMap(lambdaTen);
    Map<String, String> lambdaSsmTen = new LinkedHashMap<>(lambdaCommon);
    tenVariables().forEach((variable, value) -> lambdaSsmTen.put(variable, ssm(ssm, variable, value)));
    this.lambdaSsmTen = Collections.unmodifiableMap(lambdaSsmTen);
    Map<String, String> lambdaNaive = new LinkedHashMap<>();
    for (int i = 1; i <= KMS_SECRETS; i++) {
      lambdaNaive.put("S" + i, base64(awsKms.encrypt(awsKey, utf8(plaintext(i)), Map.of("LambdaFunctionName",
          LambdaRuntimeEmulator.FUNCTION_NAME))));
    }
    lambdaNaive.put("SECRETS_BUCKET", BUCKET);
    lambdaNaive.put("SECRETS_OBJECT", OBJECT);
    lambdaNaive.put("AWS_ENDPOINT_URL_KMS", awsKms.endpoint());
    lambdaNaive.put("AWS_ENDPOINT_URL_S3", s3.endpoint());
    // What Lambda gives every function for the default credentials chain (the emulators check no signature).
    lambdaNaive.put("AWS_ACCESS_KEY_ID", "bench-access-key");
    lambdaNaive.put("AWS_SECRET_ACCESS_KEY", "bench-secret-key");
    lambdaNaive.put("AWS_SESSION_TOKEN", "bench-session-token");
    this.lambdaNaive = Collections.unmodifiableMap(lambdaNaive);
  }

  static String plaintext(int i) {
    return "bench-secret-" + i + "-value";
  }

  private static Map<String, String> plain(Map<String, String> common) {
    Map<String, String> env = new LinkedHashMap<>(common);
    env.put("DB_USER", DB_USER);
    env.put("DB_PASS", DB_PASS);
    return Collections.unmodifiableMap(env);
  }

  /** The physical floor's one GET, of the JSON object on the runtime's storage emulator. */
  private static Map<String, String> floor(Map<String, String> common, String url) {
    Map<String, String> env = new LinkedHashMap<>(common);
    env.put("BENCH_FLOOR_URL", url);
    return Collections.unmodifiableMap(env);
  }

  /** The ten-secret scenario's variables, as references to the benchmark's in-memory source. */
  private static Map<String, String> memory(Map<String, String> common) {
    Map<String, String> env = new LinkedHashMap<>(common);
    for (int i = 1; i <= KMS_SECRETS; i++) {
      env.put("S" + i, "mem://s" + i);
    }
    env.put("DB_USER", "mem://" + OBJECT + "#username");
    env.put("DB_PASS", "mem://" + OBJECT + "#password");
    return Collections.unmodifiableMap(env);
  }

  /** The ten-secret scenario's variables and their plaintexts, in its order. */
  private static Map<String, String> tenVariables() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 1; i <= KMS_SECRETS; i++) {
      variables.put("S" + i, plaintext(i));
    }
    variables.put("DB_USER", DB_USER);
    variables.put("DB_PASS", DB_PASS);
    return variables;
  }

  /** A secret named after the variable ({@code db-user}), with one version: the reference pins it. */
  private static String secretManager(SecretManagerEmulator emulator, String variable, String value) {
    String secret = "projects/" + GCP_PROJECT + "/secrets/" + secretName(variable);
    emulator.createSecret(secret);
    long version = emulator.addVersion(secret, utf8(value));
    return "gcp-sm://" + secret + "/versions/" + version;
  }

  /** A SecureString parameter named after the variable ({@code /secretfn-bench/db-user}), its version pinned. */
  private static String ssm(SsmEmulator emulator, String variable, String value) {
    String name = SSM_PATH + secretName(variable);
    long version = emulator.putSecureString(name, value, SSM_KEY);
    return "ssm://" + name + "?version=" + version;
  }

  /** "S1" as "s1", "DB_USER" as "db-user". */
  private static String secretName(String variable) {
    return variable.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String gcpKms(CloudKmsEmulator kms, int i) {
    return "gcp-kms://" + GCP_KEY + "?ciphertext=" + base64(kms.encrypt(GCP_KEY, utf8(plaintext(i)), new byte[0]));
  }

  private static String awsKms(AwsKmsEmulator kms, String key, int i) {
    byte[] blob = kms.encrypt(key, utf8(plaintext(i)), Map.of("LambdaFunctionName",
        LambdaRuntimeEmulator.FUNCTION_NAME));
    return "aws-kms://" + key + "?ciphertext=" + base64(blob);
  }

  private static String hostAndPort(String endpoint) {
    return endpoint.substring("http://".length());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}

package dev.secretfn.samples.lambda;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The samples' world for the end-to-end tests: the AWS KMS and S3 emulators seeded as the deploy scripts would
 * seed the real services (a key, {@code API_KEY} encrypted with the console's context, one credentials object),
 * the upstream stub that only answers to the real values, and each function's environment. The plaintexts are
 * fresh canaries per instance.
 */
final class LambdaDemo implements AutoCloseable {
  static final String API_HANDLER = ApiGatewayFunction.class.getName();
  static final String STREAM_HANDLER = OrdersStreamFunction.class.getName();
  static final String BUCKET = "secretfn-demo-secrets";
  static final String CREDENTIALS = "orders/credentials.json";
  static final String DB_USER = "orders-app";
  static final String API_EVENT =
      "{\"resource\":\"/weather\",\"path\":\"/weather\",\"httpMethod\":\"GET\","
          + "\"queryStringParameters\":{\"city\":\"Bern\"},\"headers\":{\"Accept\":\"application/json\"}}";

  final String dbPass = "canary-db-pass-" + UUID.randomUUID();
  final String apiKey = "canary-api-key-" + UUID.randomUUID();
  final AwsKmsEmulator kms;
  final S3Emulator s3;
  final UpstreamStub upstream;
  final String keyArn;

  private LambdaDemo() throws IOException {
    kms = AwsKmsEmulator.start();
    s3 = S3Emulator.start();
    upstream = UpstreamStub.start(DB_USER, dbPass, apiKey);
    keyArn = kms.createKey();
    s3.putObject(BUCKET, CREDENTIALS, ("{\"username\":\"" + DB_USER + "\",\"password\":\"" + dbPass + "\"}")
        .getBytes(StandardCharsets.UTF_8));
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

  Map<String, String> streamEnvironment(LambdaRuntimeEmulator lambda) {
    Map<String, String> env = common(lambda, STREAM_HANDLER);
    env.put("DB_USER", "s3://" + BUCKET + "/" + CREDENTIALS + "#username");
    env.put("DB_PASS", "s3://" + BUCKET + "/" + CREDENTIALS + "#password");
    return env;
  }

  private Map<String, String> common(LambdaRuntimeEmulator lambda, String handler) {
    Map<String, String> env = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler));
    env.put("SECRETFN_AWS_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
    env.put("SECRETFN_AWS_S3_EMULATOR_HOST", s3.endpoint().substring("http://".length()));
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

  /** Reads of the credentials object the S3 emulator has served so far. */
  long objectReads() {
    return s3.requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().startsWith("/" + BUCKET + "/orders/")).count();
  }

  @Override
  public void close() {
    kms.close();
    s3.close();
    upstream.close();
  }
}

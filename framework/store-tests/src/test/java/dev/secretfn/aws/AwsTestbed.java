package dev.secretfn.aws;

import dev.secretfn.testing.CanaryAudit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ResolverSettings;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.emulator.Json;
import dev.secretfn.testing.emulator.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One test's world: an AWS KMS and an S3 emulator (with two keys and a bucket), the deployments made from them,
 * a capture of everything logged at the default levels, and the canary plaintexts that must never show up in a
 * message, a {@code toString()} or a log line. {@link #close()} checks the log and the request log for canaries,
 * closes the clients the test built, and stops the emulators.
 */
final class AwsTestbed implements AutoCloseable {
  static final String REGION = "us-east-1";
  static final String FUNCTION_NAME = "orders-api";
  static final String BUCKET = "secretfn-it-secrets";
  /**
   * Millisecond backoff, so that retries are exercised without slowing the build, and a roomy deadline: the
   * first client of a JVM takes seconds to load on a busy 2-core machine, which must not read as a deadline.
   */
  static final ResolverSettings FAST = ResolverSettings.builder()
      .deadline(Duration.ofSeconds(15))
      .initialBackoff(Duration.ofMillis(5))
      .maxBackoff(Duration.ofMillis(20))
      .build();

  private static final String KMS_CLIENT_BUILT = "AWS KMS endpoint overridden";
  private static final String S3_CLIENT_BUILT = "S3 endpoint overridden";

  final AwsKmsEmulator kms;
  final S3Emulator s3;
  /** Key ARNs. */
  final String key;
  final String otherKey;
  private final CanaryAudit audit = CanaryAudit.start();
  private final List<TestComponent> components = new ArrayList<>();

  AwsTestbed() {
    kms = AwsKmsEmulator.start();
    s3 = S3Emulator.start();
    key = kms.createKey();
    otherKey = kms.createKey();
    s3.createBucket(BUCKET);
  }

  /** A distinctive plaintext, unique to this run, that no failure may reveal (raw, base64 or hex). */
  String canary(String what) {
    return audit.canary(what);
  }

  /** A deployment with the region, the function name, the emulator hosts and {@code references}. */
  TestDeployment deployment(Map<String, String> references) {
    return deployment(references, AwsSettings.defaults());
  }

  TestDeployment deployment(Map<String, String> references, AwsSettings settings) {
    return new TestDeployment(variables(references), FAST, settings);
  }

  /** AWS_REGION, AWS_LAMBDA_FUNCTION_NAME and the emulator host variables, then {@code references}. */
  Map<String, String> variables(Map<String, String> references) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("AWS_REGION", REGION);
    variables.put("AWS_LAMBDA_FUNCTION_NAME", FUNCTION_NAME);
    variables.putAll(emulatorHosts());
    variables.putAll(references);
    return variables;
  }

  Map<String, String> emulatorHosts() {
    return Map.of(
        AwsSettings.KMS_EMULATOR_HOST, kms.endpoint().substring("http://".length()),
        AwsSettings.S3_EMULATOR_HOST, s3.endpoint().substring("http://".length()));
  }

  /** Base64 of {@code plaintext} encrypted under {@code key} with {@code context}, as the console helpers do. */
  String encrypt(String key, String plaintext, Map<String, String> context) {
    return Base64.getEncoder().encodeToString(
        kms.encrypt(key, plaintext.getBytes(StandardCharsets.UTF_8), context));
  }

  /** Encrypted with the console's default context, {@code {"LambdaFunctionName": FUNCTION_NAME}}. */
  String encryptForFunction(String key, String plaintext) {
    return encrypt(key, plaintext, Map.of(EncryptionContext.LAMBDA_FUNCTION_NAME, FUNCTION_NAME));
  }

  /** Keeps {@code component} so that {@link #close()} closes the clients it built. */
  <C extends TestComponent> C track(C component) {
    components.add(component);
    return component;
  }

  /** How many KMS clients were built: each logs its endpoint override once. */
  long kmsClientsBuilt() {
    return logged(KMS_CLIENT_BUILT);
  }

  long s3ClientsBuilt() {
    return logged(S3_CLIENT_BUILT);
  }

  List<RecordedRequest> decrypts() {
    return kms.requests().stream()
        .filter(r -> r.header("X-Amz-Target").orElse("").equals("TrentService.Decrypt"))
        .collect(Collectors.toList());
  }

  List<RecordedRequest> gets() {
    return s3.requests().stream().filter(r -> r.method().equals("GET")).collect(Collectors.toList());
  }

  /** The JSON body a KMS client sent. */
  static Map<String, Object> jsonBody(RecordedRequest request) {
    try {
      return Json.parseObject(request.bodyUtf8());
    } catch (Json.MalformedJsonException e) {
      throw new AssertionError("the request body is not a JSON object", e);
    }
  }

  /** Runs a start-up that must fail and returns its exception. */
  static SecretResolutionException startupFails(Runnable startup) {
    try {
      startup.run();
    } catch (SecretResolutionException e) {
      return e;
    }
    throw new AssertionError("start-up succeeded but should have failed");
  }

  static SecretResolutionException.Failure onlyFailure(SecretResolutionException e) {
    assertThat(e.failures()).hasSize(1);
    return e.failures().get(0);
  }

  /** Asserts that no canary is in the text of {@code things}: toString, and for throwables the stack trace. */
  void assertNoCanaryIn(Object... things) {
    audit.assertAbsentFrom(things);
  }

  @Override
  public void close() {
    try {
      closeClients();
    } finally {
      audit.close(); // asserts that nothing logged contains a canary
      kms.close();
      s3.close();
    }
    assertNoCanaryIn(kms.requests(), s3.requests(), kms, s3, kms.knobs(), s3.knobs());
  }

  private void closeClients() {
    boolean kmsBuilt = kmsClientsBuilt() > 0;
    boolean s3Built = s3ClientsBuilt() > 0;
    for (TestComponent component : components) {
      if (kmsBuilt) {
        component.kmsClient().ifPresent(client -> client.get().close());
      }
      if (s3Built) {
        component.s3Client().ifPresent(client -> client.get().close());
      }
    }
  }

  private long logged(String text) {
    return audit.logged(text);
  }

}

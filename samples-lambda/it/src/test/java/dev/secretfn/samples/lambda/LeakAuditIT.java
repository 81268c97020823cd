package dev.secretfn.samples.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.ProcessLeakAudit;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.ReportedError;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.aws.SsmEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Process-level leak audit on the real Lambda runtime interface client: the sample deployments and a set of
 * deployments whose INIT fails run with canary plaintexts planted in the emulators, and no canary (raw, base64
 * or hex) may show in the process's environment ({@code /proc/PID/environ}), its system properties ({@code
 * jcmd}, while it runs), its output, the init error it reports, or any file under its temp directory and its
 * working directory (the task root). {@link LeakyHandler} proves that the audit finds each of these channels.
 */
class LeakAuditIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String BUCKET = "secretfn-demo-secrets";
  private static final Path TASK_ROOTS = Path.of("target", "lambda-runtime", "tasks").toAbsolutePath();
  private static final String API_HANDLER = ApiGatewayFunction.class.getName();
  private static final String STREAM_HANDLER = OrdersStreamFunction.class.getName();
  private static final String BILLING_HANDLER = BillingWebhookFunction.class.getName();
  private static final String API_EVENT = "{\"resource\":\"/weather\",\"path\":\"/weather\",\"httpMethod\":\"GET\","
      + "\"queryStringParameters\":{\"city\":\"Bern\"},\"headers\":{}}";
  private static final List<String> CANARIES = new ArrayList<>();
  /** Canaries that a deployment puts in the environment on purpose: searched everywhere but there. */
  private static final List<String> PLANTED_IN_ENVIRONMENT = new ArrayList<>();

  private static AwsKmsEmulator kms;
  private static S3Emulator s3;
  /** An S3 whose every answer fails its integrity check, and a KMS slower than the start-up deadline. */
  private static S3Emulator corruptS3;
  private static AwsKmsEmulator slowKms;
  private static SecretsManagerEmulator secretsManager;
  private static SsmEmulator ssm;
  private static UpstreamStub upstream;
  private static String databaseSecretArn;
  private static String webhookSecret;
  private static String key;
  private static String deniedKey;
  private static String slowKey;

  @BeforeAll
  static void startEmulators() throws Exception {
    kms = AwsKmsEmulator.start();
    s3 = S3Emulator.start();
    corruptS3 = S3Emulator.start();
    slowKms = AwsKmsEmulator.start();
    upstream = UpstreamStub.start("orders-app", canary("db-pass"), canary("api-key"));
    key = kms.createKey();
    deniedKey = kms.createKey();
    kms.knobs().deny(deniedKey);
    slowKey = slowKms.createKey();
    slowKms.knobs().latency(Duration.ofSeconds(12));
    corruptS3.knobs().corruptNextChecksum(1_000_000);
    secretsManager = SecretsManagerEmulator.start();
    ssm = SsmEmulator.start();
    databaseSecretArn = secretsManager.createSecret("prod/billing/db",
        "{\"username\":\"orders-app\",\"password\":\"" + CANARIES.get(0) + "\"}");
    ssm.putSecureString("/secretfn/billing/signing-key", canary("signing-key-v1"), key);
    ssm.putSecureString("/secretfn/billing/signing-key", canary("signing-key"), key);
    webhookSecret = canary("webhook-secret");
    ssm.putSecureString("billing-webhook-secret", webhookSecret, key);
    s3.putObject(BUCKET, "orders/credentials.json",
        ("{\"username\":\"orders-app\",\"password\":\"" + CANARIES.get(0) + "\"}").getBytes(UTF_8));
  }

  @AfterAll
  static void stopEmulators() {
    kms.close();
    s3.close();
    corruptS3.close();
    slowKms.close();
    secretsManager.close();
    ssm.close();
    upstream.close();
  }

  private static String canary(String what) {
    String canary = "CANARY-" + what + "-" + UUID.randomUUID();
    CANARIES.add(canary);
    return canary;
  }

  @Test
  void sampleDeployments_answerWithoutPlaintextOutsideMemory() throws Exception {
    List<String> findings = new ArrayList<>();
    findings.addAll(runAnswering("api", API_HANDLER, api(kms, key, consoleCiphertext(kms, key, CANARIES.get(1))),
        API_EVENT));
    findings.addAll(runAnswering("stream", STREAM_HANDLER,
        orders(s3, "s3://" + BUCKET + "/orders/credentials.json#username",
            "s3://" + BUCKET + "/orders/credentials.json#password"), "{\"status\":\"open\"}"));
    findings.addAll(runAnswering("billing", BILLING_HANDLER,
        billing("aws-sm://" + databaseSecretArn + "#username", "aws-sm://" + databaseSecretArn + "#password",
            "ssm:///secretfn/billing/signing-key?version=2", "ssm://billing-webhook-secret"),
        webhookEvent(webhookSecret)));

    assertThat(findings).isEmpty();
  }

  @Test
  void failingDeployments_reportInitErrorsAndLeaveNoPlaintextOutsideMemory() throws Exception {
    Map<String, Deployment> deployments = new LinkedHashMap<>();
    // Started first: it waits out the 8 s default deadline.
    deployments.put("kms-deadline", new Deployment(API_HANDLER,
        api(slowKms, slowKey, consoleCiphertext(slowKms, slowKey, canary("kms-deadline")))));
    deployments.put("kms-wrong-context", new Deployment(API_HANDLER,
        api(kms, key, Base64.getEncoder().encodeToString(kms.encrypt(key, canary("kms-context").getBytes(UTF_8),
            Map.of("LambdaFunctionName", "another-function"))))));
    deployments.put("kms-tampered", new Deployment(API_HANDLER,
        api(kms, key, tamper(consoleCiphertext(kms, key, canary("kms-tampered"))))));
    deployments.put("kms-denied", new Deployment(API_HANDLER,
        api(kms, deniedKey, "aws-kms://" + deniedKey + "?ciphertext="
            + consoleCiphertext(kms, deniedKey, canary("kms-denied")))));
    deployments.put("plaintext-in-variable", new Deployment(API_HANDLER, api(kms, key, plaintextInVariable())));
    deployments.put("s3-bad-json-and-missing-field", new Deployment(STREAM_HANDLER, orders(s3,
        object("nofield.json", "{\"user\":\"" + canary("no-field") + "\"}") + "#username",
        object("bad.json", "{\"password\":\"" + canary("bad-json") + "\"") + "#password")));
    deployments.put("s3-non-utf8-text-and-oversized", new Deployment(STREAM_HANDLER, orders(s3,
        objectBytes("latin1.txt", (canary("latin1") + "\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
        object("big.txt", canary("oversized").repeat(2000)))));
    deployments.put("s3-denied-and-not-found", new Deployment(STREAM_HANDLER, orders(s3,
        object("missing.json", "{}") + "x",
        denied("denied.json", "{\"password\":\"" + canary("s3-denied") + "\"}") + "#password")));
    corruptS3.putObject(BUCKET, "orders/credentials.json",
        ("{\"username\":\"orders-app\",\"password\":\"" + canary("s3-checksum") + "\"}").getBytes(UTF_8));
    deployments.put("s3-checksum", new Deployment(STREAM_HANDLER, orders(corruptS3,
        "s3://" + BUCKET + "/orders/credentials.json#username", "s3://" + BUCKET + "/orders/credentials.json#password")));

    secretsManager.createSecret("leak-audit/denied", "{\"password\":\"" + canary("sm-denied") + "\"}");
    secretsManager.knobs().deny(secretsManager.denialOf("leak-audit/denied"));
    ssm.putSecureString("/leak-audit/signing-key", canary("ssm-version-not-found"), key);
    deployments.put("sm-denied-and-ssm-not-found", new Deployment(BILLING_HANDLER, billing(
        "aws-sm://leak-audit/denied#username", "aws-sm://leak-audit/denied#password",
        "ssm:///leak-audit/signing-key?version=9", "ssm://leak-audit-missing")));
    secretsManager.createSecret("leak-audit/no-field", "{\"user\":\"" + canary("sm-no-field") + "\"}");
    ssm.putSecureString("/leak-audit/not-json", canary("ssm-not-json"), key);
    deployments.put("sm-missing-field-and-ssm-not-json", new Deployment(BILLING_HANDLER, billing(
        "aws-sm://leak-audit/no-field#username", "aws-sm://leak-audit/no-field#password",
        "ssm:///leak-audit/not-json#key", "ssm://billing-webhook-secret")));

    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<String>>> audits = new ArrayList<>();
      deployments.forEach((name, d) -> audits.add(pool.submit(() -> runFailing(name, d))));
      List<String> findings = new ArrayList<>();
      for (Future<List<String>> audit : audits) {
        findings.addAll(audit.get());
      }
      assertThat(findings).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void leakyHandler_everyChannelItLeaksToIsFound() throws Exception {
    String name = unique("leaky");
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = api(kms, key, consoleCiphertext(kms, key, CANARIES.get(1)));
      env.putAll(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, LeakyHandler.class.getName()));
      env.put("DEBUG_COPY_OF_API_KEY", CANARIES.get(1)); // the anti-pattern: plaintext in the environment
      try (LambdaRuntimeClientProcess function =
          LambdaRuntimeClientProcess.start(name, LeakyHandler.class.getName(), env)) {
        Invocation answer = lambda.invoke("{}", WAIT);
        assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
        Path work = function.tempDir().resolveSibling("task");

        List<String> findings = audit(name, function, List.of(function.tempDir(), work));

        assertThat(findings).containsExactlyInAnyOrder(
            name + ": environ",
            name + ": system properties",
            name + ": output",
            name + ": file " + function.tempDir().resolve("leaky-cache.txt"),
            name + ": file " + work.resolve("leaky-debug.txt"));
      }
    }
  }

  /** A handler and its deployment's variables (without the runtime's own). */
  record Deployment(String handler, Map<String, String> env) {}

  private static Map<String, String> api(AwsKmsEmulator emulator, String keyArn, String apiKey) {
    Map<String, String> env = common(emulator, s3);
    env.put("API_KEY", apiKey);
    return env;
  }

  private static Map<String, String> orders(S3Emulator emulator, String dbUser, String dbPass) {
    Map<String, String> env = common(kms, emulator);
    env.put("DB_USER", dbUser);
    env.put("DB_PASS", dbPass);
    return env;
  }

  private static Map<String, String> billing(String dbUser, String dbPass, String signingKey, String webhookSecret) {
    Map<String, String> env = common(kms, s3);
    env.put("DB_USER", dbUser);
    env.put("DB_PASS", dbPass);
    env.put("SIGNING_KEY", signingKey);
    env.put("WEBHOOK_SECRET", webhookSecret);
    return env;
  }

  /** A webhook signed with {@code secret}, as LambdaDemo#webhookEvent builds it. */
  private static String webhookEvent(String secret) {
    return "{\"resource\":\"/billing/webhook\",\"path\":\"/billing/webhook\",\"httpMethod\":\"POST\","
        + "\"headers\":{\"X-Webhook-Signature\":\"sha256=" + LambdaDemo.hmacHex(secret, LambdaDemo.WEBHOOK_BODY)
        + "\"},\"body\":\"" + LambdaDemo.WEBHOOK_BODY.replace("\"", "\\\"") + "\"}";
  }

  private static Map<String, String> common(AwsKmsEmulator kmsEmulator, S3Emulator s3Emulator) {
    Map<String, String> env = new HashMap<>(LambdaDemo.emulatorHosts(kmsEmulator, s3Emulator, secretsManager, ssm));
    env.put("UPSTREAM_URL", upstream.url().toString());
    return env;
  }

  /** Encrypted as the Lambda console's helpers do, with the emulated function's name as context. */
  private static String consoleCiphertext(AwsKmsEmulator emulator, String keyArn, String plaintext) {
    return Base64.getEncoder().encodeToString(emulator.encrypt(keyArn, plaintext.getBytes(UTF_8),
        Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME)));
  }

  private static String plaintextInVariable() {
    String canary = "CANARY-plaintext-in-variable-" + UUID.randomUUID();
    PLANTED_IN_ENVIRONMENT.add(canary);
    return canary;
  }

  private static String tamper(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    bytes[bytes.length - 3] ^= 0x08;
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String object(String name, String content) {
    return objectBytes(name, content.getBytes(UTF_8));
  }

  private static String objectBytes(String name, byte[] content) {
    s3.putObject(BUCKET, "leak-audit/" + name, content);
    return "s3://" + BUCKET + "/leak-audit/" + name;
  }

  private static String denied(String name, String content) {
    s3.knobs().deny(BUCKET + "/leak-audit/" + name);
    return object(name, content);
  }

  private List<String> runAnswering(String scenario, String handler, Map<String, String> deployment, String event)
      throws Exception {
    String name = unique(scenario);
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = new HashMap<>(deployment);
      env.putAll(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler));
      try (LambdaRuntimeClientProcess function =
          LambdaRuntimeClientProcess.startDeployment(name, handler, env, FunctionJars.forHandler(handler))) {
        Invocation answer = lambda.invoke(event, WAIT);
        assertThat(answer.status()).as(function.output()).isEqualTo(Invocation.Status.SUCCESS);
        List<String> findings = new ArrayList<>(audit(name, function, List.of(function.tempDir(), TASK_ROOTS)));
        findings.addAll(ProcessLeakAudit.of(CANARIES).findings(name, Map.of("response", answer.body()), List.of()));
        return findings;
      }
    }
  }

  private static List<String> runFailing(String scenario, Deployment deployment) throws Exception {
    String name = unique(scenario);
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = new HashMap<>(deployment.env());
      env.putAll(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, deployment.handler()));
      try (LambdaRuntimeClientProcess function =
          LambdaRuntimeClientProcess.startDeployment(name, deployment.handler(), env,
              FunctionJars.forHandler(deployment.handler()))) {
        // Read while the JVM lives: a JVM whose start-up fails fast takes its environ and properties with it.
        Thread.sleep(1000);
        Map<String, String> texts = new LinkedHashMap<>(
            ProcessLeakAudit.readWhileAlive(function.pid(), scenario.endsWith("deadline")));
        Map<String, String> environment = new LinkedHashMap<>();
        if (texts.containsKey("environ")) {
          environment.put("environ", texts.remove("environ"));
        }
        ReportedError error = lambda.awaitInitError(WAIT)
            .orElseThrow(() -> new AssertionError(scenario + ": no init error:\n" + function.output()));
        assertThat(function.awaitExit(60_000)).as(scenario).isNotZero();
        assertThat(error.errorType()).as(scenario).hasValue("dev.secretfn.SecretResolutionException");
        texts.put("init error", error.body());
        texts.put("output", function.output());
        environment.put("deployed environment", env.toString());
        List<String> everywhere = new ArrayList<>(CANARIES);
        everywhere.addAll(PLANTED_IN_ENVIRONMENT);
        List<String> findings = new ArrayList<>(ProcessLeakAudit.of(CANARIES).findings(name, environment, List.of()));
        findings.addAll(ProcessLeakAudit.of(everywhere).findings(name, texts, List.of(function.tempDir(), TASK_ROOTS)));
        return findings;
      }
    }
  }

  private static List<String> audit(String name, LambdaRuntimeClientProcess function, List<Path> directories)
      throws Exception {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("environ", function.environ());
    texts.put("system properties", ProcessLeakAudit.systemProperties(function.pid()));
    texts.put("output", function.output());
    return ProcessLeakAudit.of(CANARIES).findings(name, texts, directories);
  }

  private static String unique(String scenario) {
    return "leak-" + scenario + "-" + Long.toString(System.nanoTime(), 36);
  }
}

package dev.secretfn.samples.lambda;

import com.sun.net.httpserver.HttpServer;
import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SecretsManagerEmulator;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.vault.VaultEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The README's second command: the Lambda samples on the real runtime interface client, each function from its
 * own module's deployable jar (as SAM deploys it) and behind its own Runtime API emulator, against AWS KMS, S3,
 * Secrets Manager, SSM Parameter Store and Vault emulators seeded with demo secrets, until
 * Ctrl-C. Each function gets a local invoke endpoint shaped like the Lambda Runtime Interface Emulator's.
 */
public final class LocalLambdaLauncher {
  private static final String INVOCATIONS = "/2015-03-31/functions/function/invocations";

  private LocalLambdaLauncher() {}

  public static void main(String[] args) throws Exception {
    Path build = Path.of(args.length > 0 ? args[0] : "target");
    AwsKmsEmulator kms = AwsKmsEmulator.start();
    S3Emulator s3 = S3Emulator.start();
    UpstreamStub upstream = UpstreamStub.start("orders-app", "demo-db-password", "demo-weather-api-key");
    String key = kms.createKey();
    s3.putObject("secretfn-demo-secrets", "orders/credentials.json",
        "{\"username\":\"orders-app\",\"password\":\"demo-db-password\"}".getBytes(StandardCharsets.UTF_8));
    VaultEmulator vault = VaultEmulator.start();
    SecretsManagerEmulator secretsManager = SecretsManagerEmulator.start();
    SsmEmulator ssm = SsmEmulator.start();
    Map<String, String> emulators = LambdaDemo.emulatorHosts(kms, s3, secretsManager, ssm);
    List<AutoCloseable> running = new ArrayList<>();
    Map<URI, String> calls = new LinkedHashMap<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nStopping the functions and emulators.");
      for (int i = running.size() - 1; i >= 0; i--) {
        try {
          running.get(i).close();
        } catch (Exception e) {
          System.err.println("while stopping: " + e);
        }
      }
      kms.close();
      s3.close();
      upstream.close();
      vault.close();
      secretsManager.close();
      ssm.close();
      stopped.countDown();
    }, "secretfn-local-shutdown"));

    System.out.println("Emulators: AWS KMS " + kms.endpoint() + ", S3 " + s3.endpoint() + ", Secrets Manager "
        + secretsManager.endpoint() + ", SSM " + ssm.endpoint() + "; upstream APIs " + upstream.url());
    Map<String, String> weather = new LinkedHashMap<>();
    weather.put("API_KEY", Base64.getEncoder().encodeToString(kms.encrypt(key,
        "demo-weather-api-key".getBytes(StandardCharsets.UTF_8),
        Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME))));
    start(running, calls, build, ApiGatewayFunction.class, weather, emulators, upstream,
        "a KMS-encrypted variable (console helpers' form)", "{\"queryStringParameters\":{\"city\":\"Zurich\"}}");
    Map<String, String> orders = new LinkedHashMap<>();
    orders.put("DB_USER", "s3://secretfn-demo-secrets/orders/credentials.json#username");
    orders.put("DB_PASS", "s3://secretfn-demo-secrets/orders/credentials.json#password");
    start(running, calls, build, OrdersStreamFunction.class, orders, emulators, upstream,
        "a JSON secret in S3", "{\"status\":\"open\"}");
    start(running, calls, build, VaultApiGatewayFunction.class, vaultDeployment(vault), emulators, upstream,
        "a Vault secret and an aws login (pattern 4)", "{\"queryStringParameters\":{\"city\":\"Zurich\"}}");
    start(running, calls, build, BillingWebhookFunction.class, billingDeployment(secretsManager, ssm), emulators,
        upstream, "a Secrets Manager database secret and SecureString parameters (one batched call)",
        webhookEvent());
    System.out.println("\nLogs: " + build.toAbsolutePath().resolve("lambda-runtime") + ". Press Ctrl-C to stop.");
    if (Boolean.getBoolean("secretfn.launcher.check")) {
      System.exit(check(calls) ? 0 : 1); // runs the shutdown hook
    }
    stopped.await();
  }

  /**
   * Vault with the weather key at secret/weather and an aws role bound to the demo execution role, whose
   * (emulated, demo-only) credentials the function gets as Lambda would give them.
   */
  private static Map<String, String> vaultDeployment(VaultEmulator vault) {
    vault.mountKv("secret", 2);
    vault.put("secret/weather", Map.of("value", "demo-weather-api-key"));
    vault.policy("weather", "secret/data/weather");
    vault.awsCredentials("ASIALOCALDEMO0000001", "local-demo-secret-access-key",
        "arn:aws:sts::111122223333:assumed-role/weather-api/" + LambdaRuntimeEmulator.FUNCTION_NAME);
    vault.awsRole("weather-api", "arn:aws:iam::111122223333:role/weather-api", true, "weather");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "ASIALOCALDEMO0000001");
    env.put("AWS_SECRET_ACCESS_KEY", "local-demo-secret-access-key");
    env.put("VAULT_ADDR", vault.endpoint());
    env.put("VAULT_AUTH_PROVIDER", "aws");
    env.put("VAULT_AUTH_ROLE", "weather-api");
    env.put("API_KEY", "vault://secret/weather#value");
    return env;
  }

  /**
   * The database secret as Secrets Manager generates it for the template's DatabaseSecret (read whole, once, for
   * two fields), the signing key in a hierarchical parameter pinned to its version 2, and the webhook secret in a
   * plain one: both SecureStrings, in one GetParameters call.
   */
  private static Map<String, String> billingDeployment(SecretsManagerEmulator secretsManager, SsmEmulator ssm) {
    String arn = secretsManager.createSecret("billing/db",
        "{\"username\":\"orders-app\",\"password\":\"demo-db-password\",\"host\":\"db.internal\"}");
    ssm.putSecureString(LambdaDemo.SIGNING_KEY_PARAMETER, "demo-signing-key-retired", "alias/aws/ssm");
    ssm.putSecureString(LambdaDemo.SIGNING_KEY_PARAMETER, "demo-signing-key", "alias/aws/ssm");
    ssm.putSecureString(LambdaDemo.WEBHOOK_SECRET_PARAMETER, "demo-webhook-secret", "alias/aws/ssm");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DB_USER", "aws-sm://" + arn + "#username");
    env.put("DB_PASS", "aws-sm://" + arn + "#password");
    env.put("SIGNING_KEY", "ssm://" + LambdaDemo.SIGNING_KEY_PARAMETER + "?version=2");
    env.put("WEBHOOK_SECRET", "ssm://" + LambdaDemo.WEBHOOK_SECRET_PARAMETER);
    return env;
  }

  /** A webhook signed with the demo webhook secret, as API Gateway hands it over. */
  private static String webhookEvent() {
    return "{\"httpMethod\":\"POST\",\"path\":\"/billing/webhook\",\"headers\":{\"X-Webhook-Signature\":"
        + "\"sha256=" + LambdaDemo.hmacHex("demo-webhook-secret", LambdaDemo.WEBHOOK_BODY) + "\"},\"body\":\""
        + LambdaDemo.WEBHOOK_BODY.replace("\"", "\\\"") + "\"}";
  }

  private static void start(List<AutoCloseable> running, Map<URI, String> calls, Path build, Class<?> function,
      Map<String, String> secrets, Map<String, String> emulators, UpstreamStub upstream, String what,
      String event) throws Exception {
    LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
    running.add(lambda);
    Map<String, String> env = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, function.getName()));
    env.putAll(emulators);
    env.put("UPSTREAM_URL", upstream.url().toString());
    env.putAll(secrets);
    Path jar = FunctionJars.forHandler(build, function.getName());
    long started = System.nanoTime();
    LambdaRuntimeClientProcess client =
        LambdaRuntimeClientProcess.startDeployment("local-" + function.getSimpleName(), function.getName(), env, jar);
    running.add(client);
    HttpServer front = invokeEndpoint(lambda);
    running.add(() -> front.stop(0));
    URI invoke = URI.create("http://127.0.0.1:" + front.getAddress().getPort() + INVOCATIONS);
    Invocation warmUp = lambda.invoke(event, Duration.ofSeconds(60)); // INIT happens before the first event
    System.out.printf("%n%s with %s: first answer after %d ms (%s)%n", function.getSimpleName(), what,
        (System.nanoTime() - started) / 1_000_000, warmUp.status());
    System.out.println("  jar: " + jar);
    secrets.forEach((k, v) -> System.out.println("  " + k + "=" + (v.length() > 90 ? v.substring(0, 87) + "..." : v)));
    System.out.println("  curl -s -XPOST '" + invoke + "' -d '" + event + "'");
    calls.put(invoke, event);
  }

  /** POST {@value #INVOCATIONS} with an event: the function's answer, as the Runtime Interface Emulator gives it. */
  private static HttpServer invokeEndpoint(LambdaRuntimeEmulator lambda) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(INVOCATIONS, exchange -> {
      String event = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      byte[] answer;
      try {
        Invocation invocation = lambda.invoke(event.isEmpty() ? "{}" : event, Duration.ofSeconds(30));
        answer = invocation.body().getBytes(StandardCharsets.UTF_8);
        if (invocation.status() == Invocation.Status.ERROR) {
          exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
        }
      } catch (Exception e) {
        answer = ("{\"errorMessage\":\"" + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    return server;
  }

  private static boolean check(Map<URI, String> calls) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    boolean ok = true;
    for (Map.Entry<URI, String> call : calls.entrySet()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(call.getKey())
          .POST(HttpRequest.BodyPublishers.ofString(call.getValue())).build(), HttpResponse.BodyHandlers.ofString());
      boolean failed = response.headers().firstValue("X-Amz-Function-Error").isPresent();
      System.out.println("check " + call.getKey() + " -> " + (failed ? "ERROR " : "") + response.body());
      ok &= response.statusCode() == 200 && !failed;
    }
    return ok;
  }
}

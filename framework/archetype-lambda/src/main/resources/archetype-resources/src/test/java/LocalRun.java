package ${package};

import com.sun.net.httpserver.HttpServer;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.SsmEmulator;
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
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the function locally (./mvnw -Plocal package): the deployable jar on the real runtime interface client,
 * against the Lambda Runtime API, AWS KMS and SSM emulators seeded with demo secrets, until Ctrl-C, with an invoke
 * endpoint shaped like the Lambda Runtime Interface Emulator's (POST the event). In test sources, so that no
 * emulator reaches the jar. With -Dlocal.check=true it invokes the function once and exits with 0 if it answered 200.
 */
public final class LocalRun {
  private static final String INVOCATIONS = "/2015-03-31/functions/function/invocations";
  private static final String DEMO_API_KEY = "demo-api-key";

  private LocalRun() {}

  public static void main(String[] args) throws Exception {
    AwsKmsEmulator kms = AwsKmsEmulator.start();
    SsmEmulator ssm = SsmEmulator.start();
    LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
    Map<String, String> env = DemoDeployment.seed(kms, ssm, lambda, DEMO_API_KEY, "demo-signing-key");
    LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment("local", DemoDeployment.HANDLER,
        env, Path.of(System.getProperty("function.jar")));
    HttpServer invoke = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    invoke.createContext(INVOCATIONS, exchange -> {
      String event = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      byte[] answer;
      try {
        answer = lambda.invoke(event, Duration.ofSeconds(30)).body().getBytes(StandardCharsets.UTF_8);
      } catch (Exception e) {
        answer = ("{\"error\":\"" + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    invoke.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      invoke.stop(0);
      function.close();
      lambda.close();
      kms.close();
      ssm.close();
      stopped.countDown();
    }, "local-run-shutdown"));

    URI uri = URI.create("http://127.0.0.1:" + invoke.getAddress().getPort() + INVOCATIONS);
    String event = DemoDeployment.event("Ada", DEMO_API_KEY);
    System.out.println("${functionName}Function runs on the runtime interface client (log: "
        + Path.of("target", "lambda-runtime", "local", "output.log") + ")");
    System.out.println("  API_KEY is the demo key encrypted with the emulated AWS KMS; SIGNING_KEY = "
        + env.get("SIGNING_KEY"));
    System.out.println("  curl -s -d '" + event + "' '" + uri + "'");
    if (Boolean.getBoolean("local.check")) {
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
          .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
      boolean ok = answer.body().contains("\"statusCode\":200");
      System.out.println("check: " + (ok ? "200 " : "failed ") + answer.body());
      System.exit(ok ? 0 : 1); // runs the shutdown hook
    }
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
  }
}

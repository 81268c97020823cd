package ${package};

import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the function locally (./mvnw -Plocal package): the deployable jar on the real Functions Framework invoker,
 * against Cloud KMS and Cloud Storage emulators seeded with demo secrets, until Ctrl-C. In test sources, so that no
 * emulator reaches the jar. With -Dlocal.check=true it calls the function once and exits with 0 if it answered 200.
 */
public final class LocalRun {
  private static final String DEMO_API_KEY = "demo-api-key";

  private LocalRun() {}

  public static void main(String[] args) throws Exception {
    Path build = Path.of("target");
    CloudKmsEmulator kms = CloudKmsEmulator.start();
    CloudStorageEmulator gcs = CloudStorageEmulator.start();
    Map<String, String> env = DemoDeployment.seed(kms, gcs, DEMO_API_KEY, "demo-signing-key");
    InvokerProcess function = InvokerProcess.start(build, System.getProperty("function.jar"),
        ${functionName}Function.class.getName(), env, "local");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      function.close();
      kms.close();
      gcs.close();
      stopped.countDown();
    }, "local-run-shutdown"));
    function.awaitServing(60_000);

    URI uri = URI.create("http://127.0.0.1:" + function.port() + "/?name=Ada");
    System.out.println("${functionName}Function serves at " + uri.resolve("/") + " (log: "
        + build.resolve("invoker-logs").resolve("local.log") + ")");
    System.out.println("  API_KEY is the demo key encrypted with the emulated Cloud KMS; SIGNING_KEY = "
        + env.get("SIGNING_KEY"));
    System.out.println("  curl -i -H 'X-Api-Key: " + DEMO_API_KEY + "' '" + uri + "'");
    if (Boolean.getBoolean("local.check")) {
      HttpResponse<String> answer = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(uri).header("X-Api-Key", DEMO_API_KEY).build(), HttpResponse.BodyHandlers.ofString());
      System.out.println("check: " + answer.statusCode() + " " + answer.body());
      System.exit(answer.statusCode() == 200 ? 0 : 1); // runs the shutdown hook
    }
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
  }
}

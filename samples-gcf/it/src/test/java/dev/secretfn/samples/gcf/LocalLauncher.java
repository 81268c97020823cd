package dev.secretfn.samples.gcf;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
import dev.secretfn.testing.vault.MetadataServerEmulator;
import dev.secretfn.testing.vault.VaultEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The README's main command: the samples on the real Functions Framework invoker against emulators seeded
 * with demo secrets, until Ctrl-C, each function from its own module's deployable jar. Lives in test sources so
 * that no emulator reaches a function's jar.
 */
public final class LocalLauncher {
  private LocalLauncher() {}

  public static void main(String[] args) throws Exception {
    Path build = Path.of(args.length > 0 ? args[0] : "target");
    CloudKmsEmulator kms = CloudKmsEmulator.start();
    CloudStorageEmulator gcs = CloudStorageEmulator.start();
    UpstreamStub upstream = UpstreamStub.start("orders-app", "demo-db-password", "demo-weather-api-key");
    DemoDeployment deployment =
        new DemoDeployment(kms, gcs, upstream, "orders-app", "demo-db-password", "demo-weather-api-key");
    MetadataServerEmulator metadata = MetadataServerEmulator.start("weather-fn@secretfn-demo.iam.gserviceaccount.com");
    VaultEmulator vault = VaultEmulator.start();
    Map<String, String> weatherVault = vaultDeployment(metadata, vault, upstream, "demo-weather-api-key");
    SecretManagerEmulator sm = SecretManagerEmulator.start();
    SecretManagerDeployment smDeployment =
        new SecretManagerDeployment(sm, upstream, "orders-app", "demo-db-password", "demo-weather-api-key");
    List<InvokerProcess> functions = new ArrayList<>();
    List<HttpRequest> calls = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nStopping the functions and emulators.");
      functions.forEach(InvokerProcess::close);
      kms.close();
      gcs.close();
      upstream.close();
      vault.close();
      metadata.close();
      sm.close();
      stopped.countDown();
    }, "secretfn-local-shutdown"));

    System.out.println("Emulators: Cloud KMS " + kms.endpoint() + ", Cloud Storage " + gcs.endpoint()
        + ", Secret Manager " + sm.endpoint() + ", Vault " + vault.endpoint() + ", metadata server "
        + metadata.endpoint() + "; upstream APIs " + upstream.url());
    start(functions, calls, build, WeatherFunction.class, deployment.weatherKms, "weather-kms",
        "a KMS-encrypted variable (the seed's pattern 1)", "/?city=Zurich");
    start(functions, calls, build, OrdersFunction.class, deployment.ordersBucket, "orders-bucket",
        "a JSON secret in Cloud Storage, refreshed on rotation (pattern 2)", "/");
    start(functions, calls, build, WeatherFunction.class, deployment.weatherBerglas, "weather-berglas",
        "a Berglas secret (pattern 3)", "/?city=Zurich");
    start(functions, calls, build, VaultWeatherFunction.class, weatherVault, "weather-vault",
        "a Vault secret and a gcp login (pattern 4)", "/?city=Zurich");
    String shipment = PubSubEvents.shipment("SHP-1042", "Zurich");
    start(functions, calls, build, ShipmentEventsFunction.class, smDeployment.shipments, "shipment-events-sm",
        "Secret Manager secrets, called with a Pub/Sub CloudEvent",
        uri -> PubSubEvents.binary(uri, "1042", shipment), uri -> PubSubEvents.binaryCurl(uri, "1042", shipment)
            + "\n  # an event function answers with no body; it logs the forecast and the orders it read to "
            + build.resolve("invoker-logs").resolve("shipment-events-sm.log"));
    System.out.println("\nLogs: " + build.resolve("invoker-logs") + ". Press Ctrl-C to stop.");
    if (Boolean.getBoolean("secretfn.launcher.check")) {
      System.exit(check(calls) ? 0 : 1); // runs the shutdown hook
    }
    stopped.await();
  }

  /** Vault with the weather key at secret/weather and a gcp role bound to the metadata server's account. */
  static Map<String, String> vaultDeployment(MetadataServerEmulator metadata, VaultEmulator vault,
      UpstreamStub upstream, String apiKey) {
    vault.mountKv("secret", 2);
    vault.put("secret/weather", Map.of("value", apiKey));
    vault.policy("weather", "secret/data/weather");
    vault.trustGoogleSigner(metadata.publicKey());
    vault.gcpRole("weather-fn", metadata.serviceAccount(), true, "weather");
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put("UPSTREAM_URL", upstream.url().toString());
    env.put("VAULT_ADDR", vault.endpoint());
    env.put("GCE_METADATA_HOST", metadata.hostPort());
    env.put("VAULT_AUTH_ROLE", "weather-fn");
    env.put("API_KEY", "vault://secret/weather#value");
    return env;
  }

  /** Calls each function once, as the printed curl lines would; true if every answer is 2xx. */
  private static boolean check(List<HttpRequest> calls) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    boolean ok = true;
    for (HttpRequest call : calls) {
      HttpResponse<String> response = http.send(call, BodyHandlers.ofString());
      System.out.println("check " + call.method() + " " + call.uri() + " -> " + response.statusCode() + " "
          + response.body());
      ok &= response.statusCode() / 100 == 2;
    }
    return ok;
  }

  /** Starts an HTTP function, to be called with GET {@code path}. */
  private static void start(List<InvokerProcess> functions, List<HttpRequest> calls, Path build, Class<?> target,
      Map<String, String> env, String name, String what, String path) throws Exception {
    start(functions, calls, build, target, env, name, what, uri -> HttpRequest.newBuilder(uri.resolve(path)).build(),
        uri -> "curl -s '" + uri.resolve(path) + "'");
  }

  /** Starts a function, to be called with {@code call} (printed as {@code curl}) at its base URL. */
  private static void start(List<InvokerProcess> functions, List<HttpRequest> calls, Path build, Class<?> target,
      Map<String, String> env, String name, String what, Function<URI, HttpRequest> call,
      Function<URI, String> curl) throws Exception {
    long started = System.nanoTime();
    String jar = FunctionJar.of(build, target);
    InvokerProcess function = InvokerProcess.start(build, jar, target.getName(), env, name);
    functions.add(function);
    function.awaitServing(60_000);
    System.out.printf("%n%s with %s: serving after %d ms%n", target.getSimpleName(), what,
        (System.nanoTime() - started) / 1_000_000);
    System.out.println("  jar: " + jar);
    env.forEach((k, v) -> {
      if (!k.startsWith("SECRETFN_") && !k.equals("UPSTREAM_URL")) {
        System.out.println("  " + k + "=" + (v.length() > 90 ? v.substring(0, 87) + "..." : v));
      }
    });
    URI base = URI.create("http://127.0.0.1:" + function.port() + "/");
    calls.add(call.apply(base));
    System.out.println("  " + curl.apply(base));
  }
}

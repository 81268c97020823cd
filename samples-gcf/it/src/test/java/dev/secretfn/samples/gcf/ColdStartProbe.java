package dev.secretfn.samples.gcf;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import dev.secretfn.testing.vault.MetadataServerEmulator;
import dev.secretfn.testing.vault.VaultEmulator;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time from JVM start to the first answered request on the real invoker, for the empty function and the
 * samples, interleaved run by run, and the CPU time the function's JVM used until then (user + system, all
 * threads, from {@code /proc/PID/stat} in 10 ms ticks), which a loaded machine distorts far less than the
 * wall clock. A quick probe; the benchmark module does this properly. The function runs on the probe's JDK.
 *
 * <p>Run: {@code ./mvnw -q -pl samples-gcf/it -am package -DskipTests -Plocal
 * -Dlauncher.main=dev.secretfn.samples.gcf.ColdStartProbe}
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    Path build = Path.of(args.length > 0 ? args[0] : "target");
    int runs = Integer.getInteger("probe.runs", 7);
    try (CloudKmsEmulator kms = CloudKmsEmulator.start();
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        UpstreamStub upstream = UpstreamStub.start("orders-app", "probe-password", "probe-key");
        MetadataServerEmulator metadata = MetadataServerEmulator.start("weather-fn@secretfn-demo.iam.gserviceaccount.com");
        VaultEmulator vault = VaultEmulator.start()) {
      DemoDeployment deployment = new DemoDeployment(kms, gcs, upstream, "orders-app", "probe-password", "probe-key");
      Map<String, Scenario> scenarios = new LinkedHashMap<>();
      scenarios.put("empty function", new Scenario(EmptyFunction.class.getName(), deployment.common, "/",
          build.resolve("test-classes").toString()));
      // Each function from its own deployable jar.
      String weather = FunctionJar.of(build, WeatherFunction.class);
      scenarios.put("weather, KMS variable",
          new Scenario(WeatherFunction.class.getName(), deployment.weatherKms, "/", weather));
      scenarios.put("orders, bucket JSON (refreshing)", new Scenario(OrdersFunction.class.getName(),
          deployment.ordersBucket, "/", FunctionJar.of(build, OrdersFunction.class)));
      scenarios.put("weather, Berglas", new Scenario(WeatherFunction.class.getName(), deployment.weatherBerglas,
          "/", weather));
      scenarios.put("weather, Vault (gcp login)", new Scenario(VaultWeatherFunction.class.getName(),
          LocalLauncher.vaultDeployment(metadata, vault, upstream, "probe-key"), "/",
          FunctionJar.of(build, VaultWeatherFunction.class)));
      Map<String, List<Long>> results = new LinkedHashMap<>();
      Map<String, List<Long>> cpu = new LinkedHashMap<>();
      for (int run = 0; run < runs; run++) {
        for (Map.Entry<String, Scenario> scenario : scenarios.entrySet()) {
          long[] measured = measure(build, scenario.getValue());
          results.computeIfAbsent(scenario.getKey(), k -> new ArrayList<>()).add(measured[0]);
          cpu.computeIfAbsent(scenario.getKey(), k -> new ArrayList<>()).add(measured[1]);
        }
      }
      System.out.printf("%-28s %8s %8s %8s %8s   (ms, JVM start to first 200, JDK %s, %d runs)%n", "scenario",
          "median", "min", "max", "CPU", Runtime.version(), runs);
      results.forEach((name, millis) -> {
        Collections.sort(millis);
        List<Long> cpuSorted = cpu.get(name);
        Collections.sort(cpuSorted);
        System.out.printf("%-28s %8d %8d %8d %8d%n", name, millis.get(millis.size() / 2), millis.get(0),
            millis.get(millis.size() - 1), cpuSorted.get(cpuSorted.size() / 2));
      });
    }
  }

  /** JVM start to the first 200: wall-clock and CPU milliseconds. */
  private static long[] measure(Path build, Scenario scenario) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long start = System.nanoTime();
    try (InvokerProcess function =
        InvokerProcess.start(build, scenario.classpath, scenario.target, scenario.env, "probe")) {
      URI uri = URI.create("http://127.0.0.1:" + function.port() + scenario.path);
      while (true) {
        try {
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
              HttpResponse.BodyHandlers.ofString());
          long wall = (System.nanoTime() - start) / 1_000_000;
          if (response.statusCode() != 200) {
            throw new IllegalStateException(scenario.target + " answered " + response.statusCode());
          }
          return new long[] {wall, cpuMillis(function.pid())};
        } catch (ConnectException notYet) {
          if (!function.isAlive()) {
            throw new IllegalStateException(scenario.target + " exited:\n" + function.output());
          }
          Thread.sleep(2);
        }
      }
    }
  }

  /** User + system CPU time of a live process, all threads (Linux; clock ticks of 10 ms). */
  static long cpuMillis(long pid) throws java.io.IOException {
    String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  private static final class Scenario {
    final String target;
    final Map<String, String> env;
    final String path;
    final String classpath;

    Scenario(String target, Map<String, String> env, String path, String classpath) {
      this.target = target;
      this.env = env;
      this.path = path;
      this.classpath = classpath;
    }
  }
}

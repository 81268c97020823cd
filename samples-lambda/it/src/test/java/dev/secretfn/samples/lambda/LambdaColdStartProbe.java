package dev.secretfn.samples.lambda;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.S3Emulator;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Time from JVM start to the first answered invocation through the real runtime interface client, for an empty
 * handler and the samples, interleaved run by run, and the CPU time the function's JVM used until then (user +
 * system, all threads, from {@code /proc/PID/stat} in 10 ms ticks), which a loaded machine distorts far less
 * than the wall clock. A quick probe; the benchmark module does this properly. The function runs on the probe's
 * JDK.
 *
 * <p>Run: {@code ./mvnw -q -pl samples-lambda/it -am package -DskipTests -Plocal
 * -Dlauncher.main=dev.secretfn.samples.lambda.LambdaColdStartProbe}
 */
public final class LambdaColdStartProbe {
  private LambdaColdStartProbe() {}

  public static void main(String[] args) throws Exception {
    Path build = Path.of(args.length > 0 ? args[0] : "target");
    int runs = Integer.getInteger("probe.runs", 7);
    Path empty = emptyJar(build);
    try (AwsKmsEmulator kms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start();
        UpstreamStub upstream = UpstreamStub.start("orders-app", "probe-password", "probe-key")) {
      String key = kms.createKey();
      s3.putObject("probe", "credentials.json",
          "{\"username\":\"orders-app\",\"password\":\"probe-password\"}".getBytes(StandardCharsets.UTF_8));
      Map<String, String> common = new HashMap<>();
      common.put("SECRETFN_AWS_KMS_EMULATOR_HOST", kms.endpoint().substring("http://".length()));
      common.put("SECRETFN_AWS_S3_EMULATOR_HOST", s3.endpoint().substring("http://".length()));
      common.put("UPSTREAM_URL", upstream.url().toString());
      Map<String, String> weather = new HashMap<>(common);
      weather.put("API_KEY", Base64.getEncoder().encodeToString(kms.encrypt(key,
          "probe-key".getBytes(StandardCharsets.UTF_8), Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME))));
      Map<String, String> orders = new HashMap<>(common);
      orders.put("DB_USER", "s3://probe/credentials.json#username");
      orders.put("DB_PASS", "s3://probe/credentials.json#password");

      Map<String, Scenario> scenarios = new LinkedHashMap<>();
      scenarios.put("empty handler", new Scenario(EmptyHandler.class.getName(), common, empty, "{}"));
      scenarios.put("API Gateway, KMS variable", new Scenario(ApiGatewayFunction.class.getName(), weather,
          FunctionJars.of(build, "weather"),
          "{\"queryStringParameters\":{\"city\":\"Zurich\"}}"));
      scenarios.put("stream, S3 JSON secret",
          new Scenario(OrdersStreamFunction.class.getName(), orders, FunctionJars.of(build, "orders"),
              "{\"status\":\"open\"}"));
      Map<String, List<Long>> results = new LinkedHashMap<>();
      Map<String, List<Long>> cpu = new LinkedHashMap<>();
      for (int run = 0; run < runs; run++) {
        for (Map.Entry<String, Scenario> scenario : scenarios.entrySet()) {
          long[] measured = measure(scenario.getValue());
          results.computeIfAbsent(scenario.getKey(), k -> new ArrayList<>()).add(measured[0]);
          cpu.computeIfAbsent(scenario.getKey(), k -> new ArrayList<>()).add(measured[1]);
        }
      }
      System.out.printf("%-28s %8s %8s %8s %8s   (ms, JVM start to first answered invocation, JDK %s, %d runs)%n",
          "scenario", "median", "min", "max", "CPU", Runtime.version(), runs);
      results.forEach((name, millis) -> {
        Collections.sort(millis);
        List<Long> cpuSorted = cpu.get(name);
        Collections.sort(cpuSorted);
        System.out.printf("%-28s %8d %8d %8d %8d%n", name, millis.get(millis.size() / 2), millis.get(0),
            millis.get(millis.size() - 1), cpuSorted.get(cpuSorted.size() / 2));
      });
    }
  }

  /** JVM start to the first answer: wall-clock and CPU milliseconds. */
  private static long[] measure(Scenario scenario) throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, scenario.handler));
      env.putAll(scenario.env);
      long start = System.nanoTime();
      try (LambdaRuntimeClientProcess function =
          LambdaRuntimeClientProcess.startDeployment("probe", scenario.handler, env, scenario.jar)) {
        Invocation answer = lambda.invoke(scenario.event, Duration.ofSeconds(60));
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (answer.status() != Invocation.Status.SUCCESS) {
          throw new IllegalStateException(scenario.handler + " failed:\n" + function.output());
        }
        return new long[] {millis, cpuMillis(function.pid())};
      }
    }
  }

  /** User + system CPU time of a live process, all threads (Linux; clock ticks of 10 ms). */
  static long cpuMillis(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  /** A deployment jar holding only the empty handler. */
  private static Path emptyJar(Path build) throws Exception {
    Path jar = build.resolve("empty-handler.jar");
    String entry = EmptyHandler.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry(entry));
      writeTo(build.resolve("test-classes").resolve(entry), out);
      out.closeEntry();
    }
    return jar;
  }

  private static void writeTo(Path file, OutputStream out) throws Exception {
    out.write(Files.readAllBytes(file));
  }

  private static final class Scenario {
    final String handler;
    final Map<String, String> env;
    final Path jar;
    final String event;

    Scenario(String handler, Map<String, String> env, Path jar, String event) {
      this.handler = handler;
      this.env = env;
      this.jar = jar;
      this.event = event;
    }
  }
}

package dev.secretfn.samples.lambda;

import dev.secretfn.samples.support.UpstreamStub;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.S3Emulator;
import java.io.IOException;
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

/**
 * SnapStart's restore path against a start from scratch, on the real runtime interface client with each
 * sample's deployable jar, interleaved run by run:
 * <ul>
 *   <li>from scratch: JVM start to the first answered invocation of an on-demand function;
 *   <li>restore, primed: a SnapStart function that reached its checkpoint (hooks run, sources primed), from
 *       the restore to the first answered invocation, in the same JVM;
 *   <li>restore, not primed: the same with {@code SECRETFN_SNAPSTART_PRIME=false} (what secretfn did before).
 * </ul>
 * The restore here continues the JVM that ran the hooks: Lambda's own restore (loading the snapshot's pages)
 * is not part of it, so the figures compare what happens after it. The stores are the emulators with their
 * endpoint variables, as in {@link LambdaColdStartProbe}. Each figure is given twice: wall-clock time, and the
 * CPU time the function's JVM spent in that span (user + system, all threads, from {@code /proc/PID/stat} in
 * 10 ms ticks), which a loaded machine distorts far less.
 *
 * <p>Run: {@code ./mvnw -q -pl samples-lambda/it -am package -DskipTests -Plocal
 * -Dlauncher.main=dev.secretfn.samples.lambda.LambdaSnapStartProbe} ({@code -Dprobe.runs=N}, default 5); the
 * function processes run on the probe's own JDK.
 */
public final class LambdaSnapStartProbe {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private LambdaSnapStartProbe() {}

  public static void main(String[] args) throws Exception {
    Path build = Path.of(args.length > 0 ? args[0] : "target");
    int runs = Integer.getInteger("probe.runs", 5);
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
          "probe-key".getBytes(StandardCharsets.UTF_8),
          Map.of("LambdaFunctionName", LambdaRuntimeEmulator.FUNCTION_NAME))));
      Map<String, String> orders = new HashMap<>(common);
      orders.put("DB_USER", "s3://probe/credentials.json#username");
      orders.put("DB_PASS", "s3://probe/credentials.json#password");

      Map<String, Function> functions = new LinkedHashMap<>();
      functions.put("API Gateway, KMS variable", new Function(ApiGatewayFunction.class.getName(), weather,
          FunctionJars.of(build, "weather"), "{\"queryStringParameters\":{\"city\":\"Zurich\"}}"));
      functions.put("stream, S3 JSON secret", new Function(OrdersStreamFunction.class.getName(), orders,
          FunctionJars.of(build, "orders"), "{\"status\":\"open\"}"));
      Map<String, List<Long>> results = new LinkedHashMap<>();
      for (int run = 0; run < runs; run++) {
        for (Map.Entry<String, Function> function : functions.entrySet()) {
          Function f = function.getValue();
          long[] scratch = fromScratch(f);
          add(results, function.getKey() + " | from scratch", scratch[0]);
          add(results, function.getKey() + " | from scratch, CPU", scratch[1]);
          for (boolean prime : new boolean[] {true, false}) {
            String variant = prime ? "primed" : "not primed";
            long[] restored = restored(f, prime);
            add(results, function.getKey() + " | restore, " + variant, restored[2]);
            add(results, function.getKey() + " | restore, " + variant + ", CPU", restored[3]);
            add(results, function.getKey() + " | INIT+hooks, " + variant, restored[0]);
            add(results, function.getKey() + " | INIT+hooks, " + variant + ", CPU", restored[1]);
          }
        }
      }
      System.out.printf("JDK %s, %d runs (ms): from scratch = JVM start to first answer; restore = restore to"
          + " first answer in the JVM that ran the checkpoint hooks; INIT+hooks = JVM start to checkpoint; CPU ="
          + " the function JVM's CPU time in that span%n", Runtime.version(), runs);
      System.out.printf("%-58s %7s %7s %7s%n", "scenario", "median", "min", "max");
      results.forEach((name, millis) -> {
        Collections.sort(millis);
        System.out.printf("%-58s %7d %7d %7d%n", name, millis.get(millis.size() / 2), millis.get(0),
            millis.get(millis.size() - 1));
      });
    }
  }

  private static void add(Map<String, List<Long>> results, String name, long millis) {
    results.computeIfAbsent(name, k -> new ArrayList<>()).add(millis);
  }

  /** JVM start to first answer: wall, CPU. */
  private static long[] fromScratch(Function function) throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = function.environment(lambda);
      long start = System.nanoTime();
      try (LambdaRuntimeClientProcess process =
          LambdaRuntimeClientProcess.startDeployment("snap-probe", function.handler, env, function.jar)) {
        answer(lambda, function, process);
        return new long[] {(System.nanoTime() - start) / 1_000_000, cpuMillis(process.pid())};
      }
    }
  }

  /** JVM start to checkpoint (wall, CPU), then restore to first answer (wall, CPU). */
  private static long[] restored(Function function, boolean prime) throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.startSnapStart()) {
      Map<String, String> env = function.environment(lambda);
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
      env.put("SECRETFN_SNAPSTART_PRIME", Boolean.toString(prime));
      long start = System.nanoTime();
      try (LambdaRuntimeClientProcess process = LambdaRuntimeClientProcess.startDeployment("snap-probe",
          function.handler, env, function.jar, "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac")) {
        if (!lambda.awaitCheckpoint(WAIT)) {
          throw new IllegalStateException(function.handler + " reached no checkpoint:\n" + process.output());
        }
        long checkpoint = System.nanoTime();
        long checkpointCpu = cpuMillis(process.pid());
        lambda.restore();
        answer(lambda, function, process);
        long answered = System.nanoTime();
        return new long[] {(checkpoint - start) / 1_000_000, checkpointCpu, (answered - checkpoint) / 1_000_000,
            cpuMillis(process.pid()) - checkpointCpu};
      }
    }
  }

  /** User + system CPU time of a live process, all threads (Linux; clock ticks of 10 ms). */
  private static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  private static void answer(LambdaRuntimeEmulator lambda, Function function, LambdaRuntimeClientProcess process)
      throws Exception {
    Invocation answer = lambda.invoke(function.event, WAIT);
    if (answer.status() != Invocation.Status.SUCCESS) {
      throw new IllegalStateException(function.handler + " failed:\n" + process.output());
    }
  }

  private static final class Function {
    final String handler;
    final Map<String, String> env;
    final Path jar;
    final String event;

    Function(String handler, Map<String, String> env, Path jar, String event) {
      this.handler = handler;
      this.env = env;
      this.jar = jar;
      this.event = event;
    }

    Map<String, String> environment(LambdaRuntimeEmulator lambda) {
      Map<String, String> all = new HashMap<>(LambdaRuntimeClientProcess.lambdaEnvironment(lambda, handler));
      all.putAll(env);
      return all;
    }
  }
}

package dev.secretfn.bench.runner;

import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.InvokerProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The cold-start benchmark: in fresh JVMs, time from process start to the first answered request on the real
 * Functions Framework invoker and the real Lambda runtime interface client, for the scenario functions of this
 * module's {@code gcf} and {@code lambda} jars and the naive comparator's own jars (modules benchmarks-naive-gcf
 * and benchmarks-naive-lambda), at 0 ms and 30 ms added emulator latency, scenarios interleaved
 * within each run. Then one extra start per scenario for classes loaded at the first answer and emulator requests
 * during warm invocations, and the size and class count of the deployable jars. Writes its figures as the run's
 * variant's section of docs/benchmarks.md ({@link ReportFile}), keeping the other variants' sections.
 *
 * <p>Run (README, "Benchmarks"): {@code ./mvnw -q -pl framework/benchmarks -am package -DskipTests -Pbench}
 * with {@code -Dbench.runs=N} (default 7), {@code -Dbench.warm=N} (default 10000, as issue 5 asks), {@code
 * -Dbench.jvmOptions="FLAGS"} (extra flags for every function JVM, default none) and {@code
 * -Dbench.scenarios=ID,ID} (a subset, by {@link Scenario#id()}; default all), {@code -Dbench.cds=true} (the AppCDS
 * recipe) and {@code -Dbench.output=FILE} (default docs/benchmarks.md).
 */
public final class ColdStartBenchmark {
  static final String COMMAND = "./mvnw -q -pl framework/benchmarks -am package -DskipTests -Pbench";
  static final List<Integer> LATENCIES = List.of(0, 30);
  /** The sample function modules, each of which builds one deployable jar (the report lists their sizes). */
  static final List<String> SAMPLE_FUNCTIONS = List.of("samples-gcf/orders", "samples-gcf/weather",
      "samples-gcf/vault-weather", "samples-lambda/weather", "samples-lambda/orders", "samples-lambda/vault-weather");
  private static final Pattern RESOLVED = Pattern.compile("resolved \\d+ secrets? with \\d+ fetch(?:es)? in (\\d+) ms");
  private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");
  private static final Duration FIRST_ANSWER_TIMEOUT = Duration.ofSeconds(60);

  enum Runtime { GCF, LAMBDA }

  /**
   * One function to start: {@code id} selects it ({@code -Dbench.scenarios}), {@code name} labels it in the report,
   * {@code jar} is its deployment (the secretfn scenarios share one per runtime, the naive ones have their own).
   */
  record Scenario(Runtime runtime, String id, String name, String target, Map<String, String> env, Path jar) {
    String key() {
      return runtime + "/" + name;
    }
  }

  /** One cold start: ms to the first answer, and secretfn's own start-up log figures if it logged them. */
  record Start(long millis, Optional<Long> resolvedMillis, Optional<Long> readyMillis, String output) {}

  private final Path build;
  private final Path gcfJar;
  private final Path lambdaJar;
  private final Path naiveGcfJar;
  private final Path naiveLambdaJar;
  private final List<String> jvmOptions;
  /** Scenarios with a trained CDS archive ({@code -Dbench.cds=true}). */
  private final java.util.Set<String> archives = new java.util.HashSet<>();
  /** The scenario whose start is writing its CDS archive, if any. */
  private Scenario training;
  private final CloudKmsEmulator gcpKms;
  private final GrpcKmsEmulator grpcKms;
  private final CloudStorageEmulator gcs;
  private final AwsKmsEmulator awsKms;
  private final S3Emulator s3;
  private final HttpClient http = HttpClient.newHttpClient();
  private int sequence;

  private ColdStartBenchmark(Path build, Path root, List<String> jvmOptions, CloudKmsEmulator gcpKms,
      GrpcKmsEmulator grpcKms, CloudStorageEmulator gcs, AwsKmsEmulator awsKms, S3Emulator s3) throws IOException {
    this.build = build;
    this.gcfJar = jar(build, "-gcf.jar");
    this.lambdaJar = jar(build, "-lambda.jar");
    this.naiveGcfJar = jar(root.resolve("framework/benchmarks-naive-gcf/target"), "-gcf.jar");
    this.naiveLambdaJar = jar(root.resolve("framework/benchmarks-naive-lambda/target"), "-lambda.jar");
    this.jvmOptions = jvmOptions;
    this.gcpKms = gcpKms;
    this.grpcKms = grpcKms;
    this.gcs = gcs;
    this.awsKms = awsKms;
    this.s3 = s3;
  }

  public static void main(String[] args) throws Exception {
    Path build = Path.of(args.length > 0 ? args[0] : "target").toAbsolutePath();
    Path root = Path.of(System.getProperty("bench.root", build.resolve("../../..").toString())).toRealPath();
    int runs = Integer.getInteger("bench.runs", 7);
    int warm = Integer.getInteger("bench.warm", 10_000);
    int warmup = Integer.getInteger("bench.warmup", 1);
    Path output = Path.of(System.getProperty("bench.output", root.resolve("docs/benchmarks.md").toString()));
    List<String> jvmOptions = jvmOptions(System.getProperty("bench.jvmOptions", ""));
    boolean cds = Boolean.getBoolean("bench.cds");
    Variant variant = new Variant(jvmOptions, cds);
    // Before minutes of measuring: a file the section cannot go into fails now.
    ReportFile.check(output);
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        GrpcKmsEmulator grpcKms = GrpcKmsEmulator.start(gcpKms);
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start()) {
      ColdStartBenchmark bench = new ColdStartBenchmark(build, root, jvmOptions, gcpKms, grpcKms, gcs, awsKms, s3);
      Deployments deployments = new Deployments(gcpKms, grpcKms, gcs, awsKms, s3);
      List<Scenario> all = bench.scenarios(deployments);
      List<Scenario> scenarios = select(all, System.getProperty("bench.scenarios", ""));
      Report report = new Report(runs, warm, root, variant);
      if (cds) {
        bench.trainClassDataSharing(scenarios);
      }

      // Untimed rounds first: the page cache and the emulators' JIT then start alike for every timed run.
      for (int round = 0; round < warmup; round++) {
        for (int latency : LATENCIES) {
          bench.latency(latency);
          for (Scenario scenario : scenarios) {
            bench.coldStart(scenario, Map.of());
          }
        }
      }
      for (int run = 1; run <= runs; run++) {
        for (int latency : LATENCIES) {
          bench.latency(latency);
          for (Scenario scenario : scenarios) {
            Start start = bench.coldStart(scenario, Map.of());
            report.add(scenario, latency, start);
          }
        }
        System.out.printf("run %d/%d done%n", run, runs);
      }

      bench.latency(0);
      for (Scenario scenario : scenarios) {
        report.details(scenario, bench.details(scenario, warm));
      }
      // The samples' deployables: one jar per function, built by the function's own module.
      for (String module : SAMPLE_FUNCTIONS) {
        Optional<Path> found = optionalJar(root.resolve(module).resolve("target"), "-function.jar");
        if (found.isPresent()) {
          report.jar(found.get(), Files.size(found.get()), classCount(found.get()));
        }
      }
      for (Path jar : List.of(bench.gcfJar, bench.lambdaJar, bench.naiveGcfJar, bench.naiveLambdaJar)) {
        report.jar(jar, Files.size(jar), classCount(jar));
      }

      ReportFile.Section section = report.section(scenarios, all);
      ReportFile.write(output, section);
      System.out.println(section.body());
      System.out.println("written to " + output + ", section '" + variant.title() + "' (the others kept)");
    }
  }

  /**
   * The AppCDS recipe ({@code -Dbench.cds=true}, docs/cold-start.md): one training start per scenario with
   * {@code -XX:ArchiveClassesAtExit}, whose archive every later start of that scenario maps. The training run
   * talks to the emulators only, so no real secret can reach an archive.
   */
  private void trainClassDataSharing(List<Scenario> scenarios) throws Exception {
    List<String> plain = jvmOptions;
    for (Scenario scenario : scenarios) {
      Path archive = archive(scenario);
      Files.deleteIfExists(archive);
      training = scenario;
      try {
        coldStart(scenario, Map.of());
      } finally {
        training = null;
      }
      if (!Files.isRegularFile(archive)) {
        throw new IllegalStateException(scenario.key() + ": no CDS archive written at " + archive
            + " (flags " + plain + ")");
      }
      archives.add(scenario.id());
      System.out.printf("CDS archive for %s: %.1f MB%n", scenario.id(), Files.size(archive) / 1e6);
    }
  }

  /** The flags of one function JVM: {@code -Dbench.jvmOptions}, then the scenario's CDS archive if any. */
  private String[] flags(Scenario scenario) throws IOException {
    List<String> flags = new java.util.ArrayList<>(jvmOptions);
    if (training == scenario) {
      Files.createDirectories(archive(scenario).getParent());
      flags.add("-XX:ArchiveClassesAtExit=" + archive(scenario));
    } else if (archives.contains(scenario.id())) {
      flags.add("-XX:SharedArchiveFile=" + archive(scenario));
    }
    return flags.toArray(String[]::new);
  }

  private Path archive(Scenario scenario) {
    return build.resolve("cds").resolve(scenario.id() + ".jsa");
  }

  private List<Scenario> scenarios(Deployments d) {
    return scenarios(d, gcfJar, lambdaJar, naiveGcfJar, naiveLambdaJar);
  }

  static List<Scenario> scenarios(Deployments d, Path gcfJar, Path lambdaJar, Path naiveGcfJar,
      Path naiveLambdaJar) {
    String gcf = "dev.secretfn.bench.gcf.";
    String lambda = "dev.secretfn.bench.lambda.";
    return List.of(
        new Scenario(Runtime.GCF, "gcf-empty", Report.EMPTY, gcf + "EmptyFunction", d.gcfEmpty, gcfJar),
        new Scenario(Runtime.GCF, "gcf-plain", "2 plaintext variables", gcf + "PlainEnvFunction", d.gcfPlain,
            gcfJar),
        new Scenario(Runtime.GCF, "gcf-one", Report.ONE, gcf + "OneSecretFunction", d.gcfOne, gcfJar),
        new Scenario(Runtime.GCF, "gcf-ten", Report.TEN, gcf + "TenSecretsFunction", d.gcfTen, gcfJar),
        new Scenario(Runtime.GCF, "gcf-naive", Report.NAIVE, "dev.secretfn.bench.naive.gcf.NaiveTenSecretsFunction",
            d.gcfNaive, naiveGcfJar),
        new Scenario(Runtime.LAMBDA, "lambda-empty", Report.EMPTY, lambda + "EmptyHandler", d.lambdaEmpty,
            lambdaJar),
        new Scenario(Runtime.LAMBDA, "lambda-plain", "2 plaintext variables", lambda + "PlainEnvHandler",
            d.lambdaPlain, lambdaJar),
        new Scenario(Runtime.LAMBDA, "lambda-one", Report.ONE, lambda + "OneSecretFunction", d.lambdaOne, lambdaJar),
        new Scenario(Runtime.LAMBDA, "lambda-ten", Report.TEN, lambda + "TenSecretsFunction", d.lambdaTen,
            lambdaJar),
        new Scenario(Runtime.LAMBDA, "lambda-naive", Report.NAIVE,
            "dev.secretfn.bench.naive.lambda.NaiveTenSecretsHandler", d.lambdaNaive, naiveLambdaJar));
  }

  /** The scenarios whose ids {@code ids} lists (comma-separated), in rotation order; all when it is blank. */
  static List<Scenario> select(List<Scenario> all, String ids) {
    if (ids.isBlank()) {
      return all;
    }
    List<String> wanted = Stream.of(ids.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
    List<String> known = all.stream().map(Scenario::id).toList();
    List<String> unknown = wanted.stream().filter(id -> !known.contains(id)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("-Dbench.scenarios: unknown scenario " + unknown + "; known: "
          + String.join(",", known));
    }
    return all.stream().filter(scenario -> wanted.contains(scenario.id())).toList();
  }

  /** {@code -Dbench.jvmOptions}: flags separated by whitespace (none of the JVM's flags needs a space). */
  static List<String> jvmOptions(String value) {
    return Stream.of(value.trim().split("\\s+")).filter(flag -> !flag.isEmpty()).toList();
  }

  private void latency(int millis) {
    Duration latency = Duration.ofMillis(millis);
    gcpKms.knobs().latency(latency);
    grpcKms.latency(latency);
    gcs.knobs().latency(latency);
    awsKms.knobs().latency(latency);
    s3.knobs().latency(latency);
  }

  private int emulatorRequests() {
    return gcpKms.requests().size() + grpcKms.requests() + gcs.requests().size() + awsKms.requests().size()
        + s3.requests().size();
  }

  private Start coldStart(Scenario scenario, Map<String, String> extraEnv) throws Exception {
    return scenario.runtime() == Runtime.GCF
        ? gcf(scenario, extraEnv, 0).start()
        : lambda(scenario, extraEnv, 0).start();
  }

  /** The figures from one more start: classes loaded up to the first answer, requests during warm calls. */
  record Details(long classesTotal, long classesJdk, long classesFunction, long classesRuntime,
      long classesGenerated, Map<String, Long> functionPackages, long heapKb, int startRequests, int warmRequests,
      int warmInvocations) {}

  private Details details(Scenario scenario, int warm) throws Exception {
    Path classLog = Files.createDirectories(build.resolve("class-load")).resolve(
        scenario.runtime().name().toLowerCase(java.util.Locale.ROOT) + "-" + scenario.target() + ".log");
    Files.deleteIfExists(classLog);
    Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog);
    int before = emulatorRequests();
    Measured measured = scenario.runtime() == Runtime.GCF ? gcf(scenario, env, warm) : lambda(scenario, env, warm);
    String jar = scenario.jar().getFileName().toString();
    long total = 0;
    long jdk = 0;
    long function = 0;
    long runtime = 0;
    Map<String, Long> packages = new java.util.TreeMap<>();
    for (String line : measured.classLogAtFirstAnswer()) {
      int tag = line.indexOf("[class,load] ");
      int source = line.indexOf(" source: ");
      if (tag < 0 || source < 0) {
        continue;
      }
      total++;
      String from = line.substring(source + " source: ".length());
      if (from.startsWith("jrt:/") || from.startsWith("shared objects file")) {
        jdk++;
      } else if (from.contains(jar)) {
        function++;
        packages.merge(packagePrefix(line.substring(tag + "[class,load] ".length(), source)), 1L, Long::sum);
      } else if (from.startsWith("file:") || from.startsWith("jar:")) {
        runtime++;
      }
    }
    return new Details(total, jdk, function, runtime, total - jdk - function - runtime, packages,
        measured.heapKb(), measured.requestsAtFirstAnswer() - before, measured.requestsAfterWarm() - measured.requestsAtFirstAnswer(),
        warm);
  }

  record Measured(Start start, List<String> classLogAtFirstAnswer, long heapKb, int requestsAtFirstAnswer,
      int requestsAfterWarm) {}

  private Measured gcf(Scenario scenario, Map<String, String> extraEnv, int warm) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(scenario.env());
    env.putAll(extraEnv);
    String name = "bench-" + (sequence++ % 8);
    long start = System.nanoTime();
    try (InvokerProcess function = InvokerProcess.start(build, scenario.jar().toString(), scenario.target(), env,
        name, flags(scenario))) {
      URI uri = URI.create("http://127.0.0.1:" + function.port() + "/");
      long deadline = start + FIRST_ANSWER_TIMEOUT.toNanos();
      while (true) {
        try {
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
              HttpResponse.BodyHandlers.ofString());
          long millis = (System.nanoTime() - start) / 1_000_000;
          if (response.statusCode() != 200 || !response.body().startsWith("ok")) {
            throw new IllegalStateException(scenario.key() + " answered " + response.statusCode() + ":\n"
                + function.output());
          }
          List<String> classes = classLog(extraEnv);
          long heapKb = extraEnv.isEmpty() ? -1 : heapAfterGc(function.pid());
          int requestsAtFirst = emulatorRequests();
          for (int i = 0; i < warm; i++) {
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
            if (again.statusCode() != 200) {
              throw new IllegalStateException(scenario.key() + " answered " + again.statusCode() + " when warm");
            }
          }
          String output = function.output();
          return new Measured(new Start(millis, figure(RESOLVED, output), figure(READY, output), output), classes,
              heapKb, requestsAtFirst, emulatorRequests());
        } catch (ConnectException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(scenario.key() + " did not answer within " + FIRST_ANSWER_TIMEOUT
                + ":\n" + function.output());
          }
          Thread.sleep(2);
        }
      }
    }
  }

  private Measured lambda(Scenario scenario, Map<String, String> extraEnv, int warm) throws Exception {
    try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start()) {
      Map<String, String> env = new LinkedHashMap<>(
          LambdaRuntimeClientProcess.lambdaEnvironment(lambda, scenario.target()));
      env.putAll(scenario.env());
      env.putAll(extraEnv);
      String name = "bench-" + (sequence++ % 8);
      long start = System.nanoTime();
      try (LambdaRuntimeClientProcess function =
          LambdaRuntimeClientProcess.startDeployment(name, scenario.target(), env, scenario.jar(),
              flags(scenario))) {
        Invocation answer = lambda.invoke("{}", FIRST_ANSWER_TIMEOUT);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (answer.status() != Invocation.Status.SUCCESS || !answer.body().contains("ok")) {
          throw new IllegalStateException(scenario.key() + " failed: " + answer + "\n" + function.output());
        }
        List<String> classes = classLog(extraEnv);
        long heapKb = extraEnv.isEmpty() ? -1 : heapAfterGc(function.pid());
        int requestsAtFirst = emulatorRequests();
        for (int i = 0; i < warm; i++) {
          Invocation again = lambda.invoke("{}", Duration.ofSeconds(10));
          if (again.status() != Invocation.Status.SUCCESS) {
            throw new IllegalStateException(scenario.key() + " failed when warm: " + again);
          }
        }
        String output = function.output();
        return new Measured(new Start(millis, figure(RESOLVED, output), figure(READY, output), output), classes,
            heapKb, requestsAtFirst, emulatorRequests());
      }
    }
  }

  private static final Pattern SPACE_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  /** Heap in use (KiB) after a full GC, from {@code jcmd PID GC.run} then {@code GC.heap_info}; -1 if unknown. */
  static long heapAfterGc(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return -1;
    }
    jcmdOutput(jcmd, pid, "GC.run");
    return heapUsedKb(jcmdOutput(jcmd, pid, "GC.heap_info"));
  }

  /**
   * The heap's used KiB in {@code GC.heap_info} output: G1's one "heap total …K, used …K" line, or the sum of the
   * generations' lines for the serial and parallel collectors; Metaspace is not heap.
   */
  static long heapUsedKb(String heapInfo) {
    long sum = 0;
    boolean found = false;
    for (String line : heapInfo.split("\\R")) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        continue;
      }
      Matcher used = SPACE_USED.matcher(line);
      if (used.find()) {
        sum += Long.parseLong(used.group(1));
        found = true;
      }
    }
    return found ? sum : -1;
  }

  private static String jcmdOutput(Path jcmd, long pid, String command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return output;
  }

  /** The class-load log as far as it got (read right after the first answer); empty when not logging. */
  private static List<String> classLog(Map<String, String> extraEnv) throws IOException {
    String options = extraEnv.get("JAVA_TOOL_OPTIONS");
    if (options == null) {
      return List.of();
    }
    Path file = Path.of(options.substring(options.indexOf("file=") + "file=".length()));
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }

  /** Three segments of a class name's package, four under the clouds' big umbrella packages. */
  static String packagePrefix(String className) {
    String[] parts = className.split("\\.");
    int keep = 3;
    String three = String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length)));
    if (List.of("software.amazon.awssdk", "com.google.cloud", "com.google.api", "com.fasterxml.jackson")
        .contains(three)) {
      keep = 4;
    }
    return String.join(".", java.util.Arrays.copyOf(parts, Math.min(keep, parts.length - 1)));
  }

  static Optional<Long> figure(Pattern pattern, String output) {
    Matcher matcher = pattern.matcher(output);
    return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
  }

  static long classCount(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().filter(entry -> entry.getName().endsWith(".class")).count();
    }
  }

  private static Path jar(Path dir, String suffix) throws IOException {
    return optionalJar(dir, suffix).orElseThrow(() -> new IllegalStateException("no *" + suffix + " in " + dir
        + ": run the benchmark with 'package' (" + COMMAND + ")"));
  }

  private static Optional<Path> optionalJar(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst();
    }
  }

  static String now() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
  }

  static List<Long> list() {
    return new ArrayList<>();
  }
}

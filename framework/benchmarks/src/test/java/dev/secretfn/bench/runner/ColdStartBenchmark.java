package dev.secretfn.bench.runner;

import dev.secretfn.bench.runner.Scenario.Runtime;
import dev.secretfn.testing.aws.AwsKmsEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeClientProcess;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator;
import dev.secretfn.testing.aws.LambdaRuntimeEmulator.Invocation;
import dev.secretfn.testing.aws.S3Emulator;
import dev.secretfn.testing.aws.SsmEmulator;
import dev.secretfn.testing.gcp.CloudKmsEmulator;
import dev.secretfn.testing.gcp.CloudStorageEmulator;
import dev.secretfn.testing.gcp.SecretManagerEmulator;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The cold-start benchmark: in fresh JVMs, time from process start to the first answered request on the real
 * Functions Framework invoker and the real Lambda runtime interface client, for the scenario functions of this
 * module's {@code gcf} and {@code lambda} jars, the official-client scenarios of framework/benchmarks-official
 * (when built: its {@code gcf} and {@code lambda} jars, and for the managed stores' its {@code gcf-managed} and
 * {@code lambda-managed} jars) and the naive comparator's own jars (modules benchmarks-naive-gcf and
 * benchmarks-naive-lambda), at 0 ms and 30 ms added emulator latency, scenarios interleaved within each run. Then
 * one extra start per scenario for the classes loaded at the first answer (by origin and package group), the
 * emulator requests during start-up and during warm invocations, and the size and class count of the deployable
 * jars. Writes its figures as the run's variant's section of docs/benchmarks.md ({@link ReportFile}), keeping the
 * other variants' sections.
 *
 * <p>Run (README, "Benchmarks"): {@code ./mvnw -q -pl framework/benchmarks -am package -DskipTests -Pbench}
 * with {@code -Dbench.runs=N} (default 7), {@code -Dbench.warm=N} (default 10000, as issue 5 asks), {@code
 * -Dbench.jvmOptions="FLAGS"} (extra flags for every function JVM, default none), {@code -Dbench.scenarios=ID,ID}
 * (a subset, by {@link Scenario#id()}; default all), {@code -Dbench.jdk=JAVA_HOME} (the JDK this runner and every
 * function JVM run on; the bench profile starts the runner with it; default the JDK that runs Maven), {@code
 * -Dbench.cds=true} (the AppCDS recipe), {@code -Dbench.aot=true} (the AOT cache recipe, JDK 25+) and {@code
 * -Dbench.output=FILE} (default docs/benchmarks.md).
 */
public final class ColdStartBenchmark {
  static final String COMMAND = "./mvnw -q -pl framework/benchmarks -am package -DskipTests -Pbench";
  static final List<Integer> LATENCIES = List.of(0, 30);
  /** The sample function modules, each of which builds one deployable jar (T3 limits their sizes). */
  static final List<String> SAMPLE_FUNCTIONS = List.of("samples-gcf/orders", "samples-gcf/weather",
      "samples-gcf/vault-weather", "samples-lambda/weather", "samples-lambda/orders", "samples-lambda/vault-weather");
  static final String OFFICIAL_MODULE = "framework/benchmarks-official";
  private static final Pattern RESOLVED = Pattern.compile("resolved \\d+ secrets? with \\d+ fetch(?:es)? in (\\d+) ms");
  private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");
  private static final Duration FIRST_ANSWER_TIMEOUT = Duration.ofSeconds(60);
  /** How long a training start may take to write its archive after SIGTERM (an AOT cache is assembled then). */
  private static final Duration TRAINING_EXIT_TIMEOUT = Duration.ofMinutes(3);

  /** One cold start: ms to the first answer, and secretfn's own start-up log figures if it logged them. */
  record Start(long millis, Optional<Long> resolvedMillis, Optional<Long> readyMillis, String output) {}

  private final Path build;
  private final List<String> jvmOptions;
  private final Archive archive;
  /** Scenarios with a trained archive, by id ({@code -Dbench.cds=true} or {@code -Dbench.aot=true}). */
  private final java.util.Set<String> archives = new java.util.HashSet<>();
  /** The scenario whose start is writing its archive, if any. */
  private Scenario training;
  private final CloudKmsEmulator gcpKms;
  private final GrpcKmsEmulator grpcKms;
  private final CloudStorageEmulator gcs;
  private final SecretManagerEmulator secretManager;
  private final AwsKmsEmulator awsKms;
  private final S3Emulator s3;
  private final SsmEmulator ssm;
  private final HttpClient http = HttpClient.newHttpClient();
  private int sequence;

  private ColdStartBenchmark(Path build, List<String> jvmOptions, Archive archive, CloudKmsEmulator gcpKms,
      GrpcKmsEmulator grpcKms, CloudStorageEmulator gcs, SecretManagerEmulator secretManager, AwsKmsEmulator awsKms,
      S3Emulator s3, SsmEmulator ssm) {
    this.build = build;
    this.jvmOptions = jvmOptions;
    this.archive = archive;
    this.gcpKms = gcpKms;
    this.grpcKms = grpcKms;
    this.gcs = gcs;
    this.secretManager = secretManager;
    this.awsKms = awsKms;
    this.s3 = s3;
    this.ssm = ssm;
  }

  public static void main(String[] args) throws Exception {
    Path build = Path.of(args.length > 0 ? args[0] : "target").toAbsolutePath();
    Path root = Path.of(System.getProperty("bench.root", build.resolve("../../..").toString())).toRealPath();
    int runs = Integer.getInteger("bench.runs", 7);
    int warm = Integer.getInteger("bench.warm", 10_000);
    int warmup = Integer.getInteger("bench.warmup", 1);
    Path output = Path.of(System.getProperty("bench.output", root.resolve("docs/benchmarks.md").toString()));
    List<String> jvmOptions = jvmOptions(System.getProperty("bench.jvmOptions", ""));
    checkJdk(System.getProperty("bench.jdk", ""));
    Archive archive = Archive.of(Boolean.getBoolean("bench.cds"), Boolean.getBoolean("bench.aot"));
    // Refuses the AOT recipe on a JDK before 25, before anything starts.
    Variant variant = new Variant(jvmOptions, archive, java.lang.Runtime.version().feature());
    // Before minutes of measuring: a file the section cannot go into fails now.
    ReportFile.check(output);
    Scenario.Jars jars = new Scenario.Jars(jar(build, "-gcf.jar"), jar(build, "-lambda.jar"),
        jar(root.resolve("framework/benchmarks-naive-gcf/target"), "-gcf.jar"),
        jar(root.resolve("framework/benchmarks-naive-lambda/target"), "-lambda.jar"),
        optionalJar(root.resolve(OFFICIAL_MODULE).resolve("target"), "-gcf.jar"),
        optionalJar(root.resolve(OFFICIAL_MODULE).resolve("target"), "-lambda.jar"),
        optionalJar(root.resolve(OFFICIAL_MODULE).resolve("target"), "-gcf-managed.jar"),
        optionalJar(root.resolve(OFFICIAL_MODULE).resolve("target"), "-lambda-managed.jar"));
    try (CloudKmsEmulator gcpKms = CloudKmsEmulator.start();
        GrpcKmsEmulator grpcKms = GrpcKmsEmulator.start(gcpKms);
        CloudStorageEmulator gcs = CloudStorageEmulator.start();
        SecretManagerEmulator secretManager = SecretManagerEmulator.start();
        AwsKmsEmulator awsKms = AwsKmsEmulator.start();
        S3Emulator s3 = S3Emulator.start();
        SsmEmulator ssm = SsmEmulator.start()) {
      ColdStartBenchmark bench = new ColdStartBenchmark(build, jvmOptions, archive, gcpKms, grpcKms, gcs,
          secretManager, awsKms, s3, ssm);
      List<Scenario> all = Scenario.all(new Deployments(gcpKms, grpcKms, gcs, secretManager, awsKms, s3, ssm), jars);
      List<Scenario> scenarios = Scenario.select(all, System.getProperty("bench.scenarios", ""));
      Report report = new Report(runs, warm, root, variant);
      if (archive != Archive.NONE) {
        bench.train(scenarios, report);
      }

      // Untimed rounds first: the page cache and the emulators' JIT then start alike for every timed run.
      for (int round = 0; round < warmup; round++) {
        for (int latency : LATENCIES) {
          bench.latency(latency);
          for (Scenario scenario : scenarios) {
            bench.coldStart(scenario);
          }
        }
      }
      for (int run = 1; run <= runs; run++) {
        for (int latency : LATENCIES) {
          bench.latency(latency);
          for (Scenario scenario : scenarios) {
            report.add(scenario, latency, bench.coldStart(scenario));
          }
        }
        System.out.printf("run %d/%d done%n", run, runs);
      }

      bench.latency(0);
      for (Scenario scenario : scenarios) {
        report.details(scenario, bench.details(scenario, warm));
      }
      // The samples' deployables: one jar per function, built by the function's own module (T3).
      for (String module : SAMPLE_FUNCTIONS) {
        Optional<Path> found = optionalJar(root.resolve(module).resolve("target"), "-function.jar");
        report.sample(module, found.isPresent() ? Optional.of(Files.size(found.get())) : Optional.empty());
        if (found.isPresent()) {
          report.jar(found.get(), Files.size(found.get()), classCount(found.get()));
        }
      }
      List<Path> scenarioJars = new ArrayList<>(List.of(jars.gcf(), jars.lambda()));
      jars.officialGcf().ifPresent(scenarioJars::add);
      jars.officialLambda().ifPresent(scenarioJars::add);
      jars.managedGcf().ifPresent(scenarioJars::add);
      jars.managedLambda().ifPresent(scenarioJars::add);
      scenarioJars.addAll(List.of(jars.naiveGcf(), jars.naiveLambda()));
      for (Path jar : scenarioJars) {
        report.jar(jar, Files.size(jar), classCount(jar));
      }

      ReportFile.Section section = report.section(scenarios, all);
      ReportFile.write(output, section);
      System.out.println(section.body());
      System.out.println("written to " + output + ", section '" + variant.title() + "' (the others kept)");
    }
  }

  /**
   * {@code -Dbench.jdk}: the bench profile starts this runner on that JDK, so that the runner, every function JVM
   * and {@code jcmd} are one JDK build (an AOT cache only maps into the build that wrote it). Started some other
   * way with a different JDK, the runner refuses rather than label its figures with the wrong JDK.
   */
  static void checkJdk(String jdk) throws IOException {
    if (jdk.isBlank()) {
      return;
    }
    Path wanted = Path.of(jdk);
    if (!Files.isExecutable(wanted.resolve("bin/java"))) {
      throw new IllegalArgumentException("-Dbench.jdk=" + jdk + ": no bin/java there; give a JDK's home directory");
    }
    Path running = Path.of(System.getProperty("java.home"));
    if (!wanted.toRealPath().equals(running.toRealPath())) {
      throw new IllegalArgumentException("-Dbench.jdk=" + jdk + " but this runner runs on " + running
          + ": start it with that JDK's bin/java (the bench profile does)");
    }
  }

  /**
   * The start-up archive recipe ({@code -Dbench.cds=true} or {@code -Dbench.aot=true}, docs/cold-start.md): one
   * training start per scenario writes its archive when the JVM exits, and every later start of that scenario
   * maps it. The training run talks to the emulators only, so no real secret can reach an archive.
   */
  private void train(List<Scenario> scenarios, Report report) throws Exception {
    for (Scenario scenario : scenarios) {
      Path file = archiveFile(scenario);
      Files.deleteIfExists(file);
      training = scenario;
      try {
        coldStart(scenario);
      } finally {
        training = null;
      }
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(scenario.id() + ": no " + archive.label() + " written at " + file
            + " (flags " + jvmOptions + ")");
      }
      archives.add(scenario.id());
      report.archive(scenario, Files.size(file));
      System.out.printf("%s for %s: %.1f MB%n", archive.label(), scenario.id(), Files.size(file) / 1e6);
    }
  }

  /** The flags of one function JVM: {@code -Dbench.jvmOptions}, then the scenario's archive flags if any. */
  private String[] flags(Scenario scenario) throws IOException {
    List<String> flags = new ArrayList<>(jvmOptions);
    if (training == scenario) {
      Files.createDirectories(archiveFile(scenario).getParent());
      flags.addAll(archive.trainingFlags(archiveFile(scenario)));
    } else if (archives.contains(scenario.id())) {
      flags.addAll(archive.flags(archiveFile(scenario)));
    }
    return flags.toArray(String[]::new);
  }

  private Path archiveFile(Scenario scenario) {
    return archive.file(build.resolve(archive == Archive.AOT ? "aot" : "cds"), scenario.id());
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
    secretManager.knobs().latency(latency);
    awsKms.knobs().latency(latency);
    s3.knobs().latency(latency);
    ssm.knobs().latency(latency);
  }

  /** Requests each emulator has received so far, by service. */
  private Map<String, Integer> emulatorRequests() {
    Map<String, Integer> requests = new LinkedHashMap<>();
    requests.put("Cloud KMS", gcpKms.requests().size());
    requests.put("Cloud KMS gRPC", grpcKms.requests());
    requests.put("Cloud Storage", gcs.requests().size());
    requests.put("Secret Manager", secretManager.requests().size());
    requests.put("AWS KMS", awsKms.requests().size());
    requests.put("S3", s3.requests().size());
    requests.put("SSM", ssm.requests().size());
    return requests;
  }

  /** {@code after - before} per service, without the services that saw no request. */
  static Map<String, Integer> requestsBetween(Map<String, Integer> before, Map<String, Integer> after) {
    Map<String, Integer> difference = new LinkedHashMap<>();
    after.forEach((service, count) -> {
      int delta = count - before.getOrDefault(service, 0);
      if (delta != 0) {
        difference.put(service, delta);
      }
    });
    return difference;
  }

  private static int total(Map<String, Integer> requests) {
    return requests.values().stream().mapToInt(Integer::intValue).sum();
  }

  private Start coldStart(Scenario scenario) throws Exception {
    return run(scenario, Map.of(), 0).start();
  }

  private Measured run(Scenario scenario, Map<String, String> extraEnv, int warm) throws Exception {
    return scenario.runtime() == Runtime.GCF ? gcf(scenario, extraEnv, warm) : lambda(scenario, extraEnv, warm);
  }

  /**
   * The figures from one more start: classes loaded up to the first answer (by origin and package group), heap,
   * emulator requests during start-up (by service) and during warm calls.
   */
  record Details(long classesTotal, Map<ClassLoadLog.Origin, Long> classesByOrigin, Map<String, Long> classGroups,
      long heapKb, Map<String, Integer> startRequests, int warmRequests, int warmInvocations) {
    long classes(ClassLoadLog.Origin origin) {
      return classesByOrigin.getOrDefault(origin, 0L);
    }

    int startRequestCount() {
      return total(startRequests);
    }
  }

  private Details details(Scenario scenario, int warm) throws Exception {
    Path classLog = Files.createDirectories(build.resolve("class-load")).resolve(scenario.id() + ".log");
    Files.deleteIfExists(classLog);
    Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog);
    Map<String, Integer> before = emulatorRequests();
    Measured measured = run(scenario, env, warm);
    List<ClassLoadLog.Loaded> classes = ClassLoadLog.parseAll(measured.classLogAtFirstAnswer(),
        scenario.jar().getFileName().toString());
    return new Details(classes.size(), ClassLoadLog.byOrigin(classes), ClassLoadLog.byGroup(classes),
        measured.heapKb(), requestsBetween(before, measured.requestsAtFirstAnswer()),
        total(measured.requestsAfterWarm()) - total(measured.requestsAtFirstAnswer()), warm);
  }

  record Measured(Start start, List<String> classLogAtFirstAnswer, long heapKb,
      Map<String, Integer> requestsAtFirstAnswer, Map<String, Integer> requestsAfterWarm) {}

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
            throw new IllegalStateException(scenario.id() + " answered " + response.statusCode() + ":\n"
                + function.output());
          }
          if (training == scenario) {
            endTraining(function.pid());
            return measured(millis, function.output());
          }
          List<String> classes = classLog(extraEnv);
          long heapKb = extraEnv.isEmpty() ? -1 : heapAfterGc(function.pid());
          Map<String, Integer> requestsAtFirst = emulatorRequests();
          for (int i = 0; i < warm; i++) {
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
            if (again.statusCode() != 200) {
              throw new IllegalStateException(scenario.id() + " answered " + again.statusCode() + " when warm");
            }
          }
          String output = function.output();
          return new Measured(new Start(millis, figure(RESOLVED, output), figure(READY, output), output), classes,
              heapKb, requestsAtFirst, emulatorRequests());
        } catch (ConnectException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(scenario.id() + " did not answer within " + FIRST_ANSWER_TIMEOUT
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
          throw new IllegalStateException(scenario.id() + " failed: " + answer + "\n" + function.output());
        }
        if (training == scenario) {
          endTraining(function.pid());
          return measured(millis, function.output());
        }
        List<String> classes = classLog(extraEnv);
        long heapKb = extraEnv.isEmpty() ? -1 : heapAfterGc(function.pid());
        Map<String, Integer> requestsAtFirst = emulatorRequests();
        for (int i = 0; i < warm; i++) {
          Invocation again = lambda.invoke("{}", Duration.ofSeconds(10));
          if (again.status() != Invocation.Status.SUCCESS) {
            throw new IllegalStateException(scenario.id() + " failed when warm: " + again);
          }
        }
        String output = function.output();
        return new Measured(new Start(millis, figure(RESOLVED, output), figure(READY, output), output), classes,
            heapKb, requestsAtFirst, emulatorRequests());
      }
    }
  }

  private static Measured measured(long millis, String output) {
    return new Measured(new Start(millis, figure(RESOLVED, output), figure(READY, output), output), List.of(), -1,
        Map.of(), Map.of());
  }

  /**
   * Ends a training start as a platform ends an instance (SIGTERM) and waits for the JVM to write its archive on
   * the way out: longer than the process wrappers' own 5 s, as a one-step AOT cache is assembled by a child JVM
   * that the exiting JVM waits for.
   */
  private static void endTraining(long pid) throws Exception {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      return;
    }
    process.get().destroy();
    try {
      process.get().onExit().get(TRAINING_EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the training start (pid " + pid + ") did not exit within "
          + TRAINING_EXIT_TIMEOUT + " after SIGTERM", e);
    }
  }

  /**
   * The used heap figure of {@code GC.heap_info}: JDK 17's "total …K, used …K" and JDK 25's "total reserved …K,
   * committed …K, used …K" (G1's one line, or one per generation of the serial and parallel collectors).
   */
  private static final Pattern SPACE_USED = Pattern.compile("(?:total|committed) \\d+K, used (\\d+)K");

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
   * The heap's used KiB in {@code GC.heap_info} output: G1's one heap line, or the sum of the generations' lines
   * for the serial and parallel collectors; Metaspace is not heap.
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
}

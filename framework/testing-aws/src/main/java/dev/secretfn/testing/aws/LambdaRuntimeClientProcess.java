package dev.secretfn.testing.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Lambda runtime interface client ({@code aws-lambda-java-runtime-interface-client}, which must be on
 * the caller's class path) in its own JVM, running a handler against a {@link LambdaRuntimeEmulator}, with
 * exactly the environment given here (plus PATH), its own working and temp directories, and its output in a log
 * file under {@code target/lambda-runtime/NAME}. Either the handler comes from the caller's class path
 * ({@link #start}), or, as Lambda runs a deployment, from a function jar extracted into the task root with only
 * the client on the class path ({@link #startDeployment}).
 *
 * <pre>{@code
 * try (LambdaRuntimeEmulator lambda = LambdaRuntimeEmulator.start();
 *     LambdaRuntimeClientProcess function = LambdaRuntimeClientProcess.startDeployment("orders",
 *         "pkg.OrdersFunction::handleRequest", env, Path.of("target/orders-function.jar"))) {
 *   Invocation answer = lambda.invoke("{}", Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>The client would unpack its JNI library to the fixed path {@code /tmp/.libaws-lambda-jni.so} on every
 * start (whatever {@code java.io.tmpdir} says, and racing with any other client starting at the same time);
 * instead the library is unpacked once into the build directory and named with the client's own system
 * property {@code com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI}.
 */
public final class LambdaRuntimeClientProcess implements AutoCloseable {
  private static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  private static final Path BUILD = Path.of("target", "lambda-runtime").toAbsolutePath();

  private static final List<String> CLIENT_JARS = List.of(
      "aws-lambda-java-runtime-interface-client-", "aws-lambda-java-core-", "aws-lambda-java-serialization-",
      "utils-lite-");

  private final Process process;
  private final Path log;
  private final Path tempDir;

  private LambdaRuntimeClientProcess(Process process, Path log, Path tempDir) {
    this.process = process;
    this.log = log;
    this.tempDir = tempDir;
  }

  /**
   * The environment the client needs to run a function as Lambda would start it: the Runtime API address and
   * the function's identity (read into the handler's {@code Context}), the region for AWS clients, and no
   * instance-metadata probing.
   */
  public static Map<String, String> lambdaEnvironment(LambdaRuntimeEmulator lambda, String handler) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_LAMBDA_RUNTIME_API", lambda.hostAndPort());
    env.put("_HANDLER", handler);
    env.put("AWS_LAMBDA_FUNCTION_NAME", LambdaRuntimeEmulator.FUNCTION_NAME);
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + LambdaRuntimeEmulator.FUNCTION_NAME);
    env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/01/01/[$LATEST]0123456789abcdef");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return env;
  }

  /**
   * Starts {@code handler} ({@code pkg.Class::method}) from the caller's class path, with {@code environment}
   * and extra JVM flags.
   */
  public static LambdaRuntimeClientProcess start(String name, String handler, Map<String, String> environment,
      String... jvmFlags) throws IOException {
    Path dir = Files.createDirectories(BUILD.resolve(name));
    return launch(dir, Files.createDirectories(dir.resolve("task")), testClassPath(), handler, environment,
        jvmFlags);
  }

  /**
   * Starts {@code handler} as Lambda starts a deployment: {@code functionJar} extracted into the task root (the
   * client's working directory, from which it loads the function), only the client on the class path.
   */
  public static LambdaRuntimeClientProcess startDeployment(String name, String handler,
      Map<String, String> environment, Path functionJar, String... jvmFlags) throws IOException {
    Path dir = Files.createDirectories(BUILD.resolve(name));
    return launch(dir, taskRoot(functionJar), clientClassPath(), handler, environment, jvmFlags);
  }

  /**
   * The jar extracted once into a task root of its own, shared by every process that runs it (Lambda's
   * {@code /var/task} is read-only too), so that starting a function costs no extraction.
   */
  private static synchronized Path taskRoot(Path functionJar) throws IOException {
    String id = functionJar.getFileName() + "-" + Files.size(functionJar) + "-"
        + Files.getLastModifiedTime(functionJar).toMillis();
    Path taskRoot = BUILD.resolve("tasks").resolve(id);
    if (!Files.exists(taskRoot)) {
      Path partial = Files.createDirectories(BUILD.resolve("tasks")).resolve(id + ".part");
      deleteTree(partial);
      extract(functionJar, Files.createDirectories(partial));
      Files.move(partial, taskRoot, StandardCopyOption.ATOMIC_MOVE);
    }
    return taskRoot;
  }

  private static LambdaRuntimeClientProcess launch(Path dir, Path taskRoot, String classPath, String handler,
      Map<String, String> environment, String... jvmFlags) throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path log = dir.resolve("output.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jniLibrary());
    command.add("-XX:TieredStopAtLevel=1"); // start fast; these JVMs live for a few requests
    command.addAll(List.of(jvmFlags));
    command.add("-cp");
    command.add(classPath);
    command.add(MAIN);
    command.add(handler);
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(taskRoot.toFile()) // user.dir is the client's task root, where it looks for the function
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("LAMBDA_TASK_ROOT", taskRoot.toString());
    builder.environment().putAll(environment);
    return new LambdaRuntimeClientProcess(builder.start(), log, tmp);
  }

  /** Waits for the process to exit; returns its status. */
  public int awaitExit(long timeoutMillis) throws InterruptedException {
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the runtime client is still running:\n" + output());
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** The JVM's own temp directory ({@code java.io.tmpdir}). */
  public Path tempDir() {
    return tempDir;
  }

  /** The process's environment as the kernel holds it, from {@code /proc} (Linux). */
  public String environ() throws IOException {
    return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "environ")), StandardCharsets.UTF_8);
  }

  /** Everything the JVM printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the JVM (SIGTERM, then SIGKILL after 5 s) and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The client's own jars, from the caller's class path: what Lambda puts on the system class path. */
  private static String clientClassPath() {
    List<String> jars = new ArrayList<>();
    for (String entry : testClassPath().split(java.io.File.pathSeparator)) {
      String file = Path.of(entry).getFileName().toString();
      if (CLIENT_JARS.stream().anyMatch(file::startsWith)) {
        jars.add(entry);
      }
    }
    if (jars.size() < CLIENT_JARS.size()) {
      throw new IllegalStateException("the runtime interface client and its dependencies are not on the class"
          + " path (found " + jars + ")");
    }
    return String.join(java.io.File.pathSeparator, jars);
  }

  private static void extract(Path jar, Path into) throws IOException {
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(jar))) {
      for (java.util.zip.ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("zip entry outside the task root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }

  /** The class path of this JVM (under surefire, the test class path). */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isEmpty() ? surefire : System.getProperty("java.class.path");
  }

  /** The client's JNI library for this machine, unpacked from its jar into the build directory once. */
  private static synchronized Path jniLibrary() throws IOException {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String name = arch.equals("aarch64") || arch.equals("arm64")
        ? "libaws-lambda-jni.linux-aarch_64.so" : "libaws-lambda-jni.linux-x86_64.so";
    Path target = Files.createDirectories(BUILD.resolve("jni")).resolve(name);
    if (!Files.exists(target)) {
      Class<?> client;
      try {
        client = Class.forName("com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient", false,
            LambdaRuntimeClientProcess.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("the runtime interface client is not on the test class path", e);
      }
      try (InputStream in = client.getResourceAsStream("/jni/" + name)) {
        if (in == null) {
          throw new IllegalStateException("the runtime interface client jar has no /jni/" + name);
        }
        Path partial = Files.createTempFile(target.getParent(), name, ".part");
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }

  @Override
  public String toString() {
    return "LambdaRuntimeClientProcess[pid " + process.pid() + ", " + log.getParent().getFileName() + "]";
  }
}

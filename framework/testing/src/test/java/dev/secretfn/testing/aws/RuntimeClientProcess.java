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
 * The real Lambda runtime interface client ({@code aws-lambda-java-runtime-interface-client} 2.10.1) in its own
 * JVM, running a handler from the test class path against a {@link LambdaRuntimeEmulator}, with exactly the
 * environment given here (plus PATH), its own working and temp directories, and its output in a log file.
 *
 * <p>The client would unpack its JNI library to the fixed path {@code /tmp/.libaws-lambda-jni.so} on every
 * start (whatever {@code java.io.tmpdir} says, and racing with any other client starting at the same time);
 * instead the library is unpacked once into the build directory and named with the client's own system
 * property {@code com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI}.
 */
final class RuntimeClientProcess implements AutoCloseable {
  private static final String MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  private static final Path BUILD = Path.of("target", "lambda-runtime").toAbsolutePath();

  private final Process process;
  private final Path log;

  private RuntimeClientProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * The environment the client needs to run a function as Lambda would start it: the Runtime API address and
   * the function's identity (read into the handler's {@code Context}), the region for AWS clients, and no
   * instance-metadata probing.
   */
  static Map<String, String> lambdaEnvironment(LambdaRuntimeEmulator lambda, String handler) {
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

  /** Starts {@code handler} ({@code pkg.Class::method}) with {@code environment} and extra JVM flags. */
  static RuntimeClientProcess start(String name, String handler, Map<String, String> environment,
      String... jvmFlags) throws IOException {
    Path dir = Files.createDirectories(BUILD.resolve(name));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path taskRoot = Files.createDirectories(dir.resolve("task"));
    Path log = dir.resolve("output.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + tmp);
    command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jniLibrary());
    command.add("-XX:TieredStopAtLevel=1"); // start fast; these JVMs live for a few requests
    command.addAll(List.of(jvmFlags));
    command.add("-cp");
    command.add(testClassPath());
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
    return new RuntimeClientProcess(builder.start(), log);
  }

  /** Waits for the process to exit; returns its status. */
  int awaitExit(long timeoutMillis) throws InterruptedException {
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the runtime client is still running:\n" + output());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the JVM printed so far. */
  String output() {
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

  /** The class path of this test JVM: test classes, the testing module and every test dependency. */
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
            RuntimeClientProcess.class.getClassLoader());
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
    return "RuntimeClientProcess[pid " + process.pid() + ", " + log.getParent().getFileName() + "]";
  }
}

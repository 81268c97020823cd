package dev.secretfn.testing.gcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A function on the real Functions Framework invoker ({@code java-function-invoker}, which must be on the
 * caller's class path) in its own JVM, with exactly the environment given (plus PATH and NO_GCE_CHECK), its own
 * temp directory, and its output in a log file under {@code BUILD/invoker-logs}.
 *
 * <pre>{@code
 * try (InvokerProcess function = InvokerProcess.start(Path.of("target"), "target/my-function.jar",
 *     "com.example.OrdersFunction", env, "orders").awaitServing(60_000)) {
 *   // GET http://127.0.0.1:{function.port()}/
 * }
 * }</pre>
 */
public final class InvokerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;
  private final Path tempDir;

  private InvokerProcess(Process process, int port, Path log, Path tempDir) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.tempDir = tempDir;
  }

  /**
   * Starts {@code target} from {@code classpath} (the function's own class path, not the invoker's), in a JVM
   * with the JDK's default flags plus {@code jvmFlags}; does not wait for it to serve.
   */
  public static InvokerProcess start(Path buildDir, String classpath, String target, Map<String, String> environment,
      String name, String... jvmFlags) throws IOException {
    return start(buildDir, classpath, target, environment, name, (Path) null, jvmFlags);
  }

  /**
   * As {@link #start(Path, String, String, Map, String, String...)}, in {@code workingDirectory} (created if
   * missing; null for this JVM's), so that what the function writes to its working directory can be inspected;
   * {@code classpath} should then be absolute.
   */
  public static InvokerProcess start(Path buildDir, String classpath, String target, Map<String, String> environment,
      String name, Path workingDirectory, String... jvmFlags) throws IOException {
    int port = freePort();
    Path log = Files.createDirectories(buildDir.resolve("invoker-logs")).resolve(name + ".log");
    Path tempDir = Files.createDirectories(buildDir.resolve("invoker-tmp").resolve(name));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tempDir));
    command.addAll(List.of(jvmFlags));
    command.addAll(List.of(
        "-jar", invokerJar(),
        "--classpath", classpath,
        "--target", target,
        "--port", Integer.toString(port)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (workingDirectory != null) {
      builder.directory(Files.createDirectories(workingDirectory).toFile());
    }
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().put("NO_GCE_CHECK", "true");
    builder.environment().putAll(environment);
    return new InvokerProcess(builder.start(), port, log, tempDir);
  }

  /** Waits until the port accepts connections; throws with the log if the process exits first. */
  public InvokerProcess awaitServing(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the invoker exited with " + process.exitValue() + ":\n" + output());
      }
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        if (socket.isConnected()) {
          return this;
        }
      } catch (IOException notYet) {
        Thread.sleep(25);
      }
    }
    throw new IllegalStateException("the invoker did not serve within " + timeoutMillis + " ms:\n" + output());
  }

  /** Waits for the process to exit; returns its status. */
  public int awaitExit(long timeoutMillis) throws InterruptedException {
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the invoker is still running:\n" + output());
    }
    return process.exitValue();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Path tempDir() {
    return tempDir;
  }

  /** Everything the JVM printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The process's environment as the kernel holds it, from /proc. */
  public String environ() throws IOException {
    return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "environ")), StandardCharsets.UTF_8);
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

  public static String invokerJar() {
    return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
        .filter(entry -> Path.of(entry).getFileName().toString().startsWith("java-function-invoker-"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("java-function-invoker is not on the test class path"));
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public String toString() {
    return "InvokerProcess[pid " + pid() + ", port " + port + "]";
  }
}

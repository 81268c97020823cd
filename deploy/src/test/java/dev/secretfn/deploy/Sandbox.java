package dev.secretfn.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A directory in which one platform's deploy scripts run against recording stand-ins: {@code bin/} (first on
 * PATH) holds stand-ins for every cloud CLI ({@code gcloud}, {@code gsutil}, {@code aws}, {@code sam}) and for
 * {@code java} (see {@code recording-stand-in.sh}), {@code log/} receives their recordings, and {@code tmp/},
 * {@code home/} and {@code work/} are the script's TMPDIR, HOME and working directory, which the tests search
 * for anything left behind. Every CLI is stood in for on both platforms, so that a call of the other cloud's
 * CLI is recorded (and fails an exact-command assertion) instead of reaching a real installation.
 */
final class Sandbox {
  private static final long TIMEOUT_SECONDS = 60;

  /** The directory of the scripts that {@link #run} runs. */
  final Path scripts;
  final Path root;
  final Path bin;
  final Path log;
  final Path tmp;
  final Path home;
  final Path work;
  private final Map<String, String> extraEnv = new LinkedHashMap<>();

  private Sandbox(Path root, Platform platform) {
    this.scripts = platform.scripts;
    this.root = root;
    this.bin = root.resolve("bin");
    this.log = root.resolve("log");
    this.tmp = root.resolve("tmp");
    this.home = root.resolve("home");
    this.work = root.resolve("work");
  }

  static Sandbox create(Path root, Platform platform) throws IOException {
    Sandbox sandbox = new Sandbox(root, platform);
    for (Path dir : List.of(sandbox.bin, sandbox.log, sandbox.tmp, sandbox.home, sandbox.work)) {
      Files.createDirectories(dir);
    }
    byte[] standIn;
    try (InputStream in = Sandbox.class.getResourceAsStream("recording-stand-in.sh")) {
      assertThat(in).as("recording-stand-in.sh on the test class path").isNotNull();
      standIn = in.readAllBytes();
    }
    List<String> names = new ArrayList<>();
    for (Platform each : Platform.values()) {
      names.addAll(each.clis);
    }
    names.add("java");
    for (String name : names) {
      Path file = sandbox.bin.resolve(name);
      Files.write(file, standIn);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return sandbox;
  }

  /** Adds an environment variable for the next runs (stand-in knobs, DRY_RUN). */
  Sandbox env(String name, String value) {
    extraEnv.put(name, value);
    return this;
  }

  Result run(String script, String stdin, String... args) {
    return run(script, stdin.getBytes(UTF_8), args);
  }

  Result run(String script, byte[] stdin, String... args) {
    return execute(script, stdin, false, args);
  }

  /**
   * Runs with a stdin that is never closed: a script that tried to read it would hang until the timeout, so
   * a prompt exit proves that stdin was not read.
   */
  Result runWithOpenStdin(String script, String... args) {
    return execute(script, null, true, args);
  }

  private Result execute(String script, byte[] stdin, boolean keepStdinOpen, String... args) {
    clearLog();
    List<String> command = new ArrayList<>();
    command.add(scripts.resolve(script).toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", home.toString());
    env.put("TMPDIR", tmp.toString());
    env.put("LANG", "C.UTF-8");
    env.put("STANDIN_LOG", log.toString());
    env.put("STANDIN_REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put("CLOUDSDK_CONFIG", root.resolve("gcloud-config").toString());
    env.put("SECRETFN_RETRY_DELAY", "0");
    env.putAll(extraEnv);
    Path stdout = root.resolve("stdout");
    Path stderr = root.resolve("stderr");
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    try {
      Process process = builder.start();
      OutputStream in = process.getOutputStream();
      if (!keepStdinOpen) {
        try (in) {
          in.write(stdin);
        } catch (IOException e) {
          // The script exited without reading all of stdin (a usage error, say); its status tells.
        }
      }
      boolean done = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!done) {
        process.destroyForcibly().waitFor();
        in.close();
        fail(script + " did not finish within " + TIMEOUT_SECONDS + " s (waiting for stdin?)");
      }
      if (keepStdinOpen) {
        in.close();
      }
      return new Result(
          process.exitValue(),
          Files.readString(stdout, UTF_8),
          Files.readString(stderr, UTF_8),
          calls());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void clearLog() {
    try (Stream<Path> files = Files.list(log)) {
      for (Path file : files.collect(Collectors.toList())) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Call> calls() throws IOException {
    List<Call> calls = new ArrayList<>();
    for (int i = 1; Files.exists(log.resolve(String.format("%03d.argv", i))); i++) {
      String id = String.format("%03d", i);
      List<String> argv = nulSeparated(Files.readAllBytes(log.resolve(id + ".argv")));
      Map<String, String> env = new TreeMap<>();
      for (String entry : nulSeparated(Files.readAllBytes(log.resolve(id + ".env")))) {
        int eq = entry.indexOf('=');
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
      Path stdinFile = log.resolve(id + ".stdin");
      byte[] stdin = Files.exists(stdinFile) ? Files.readAllBytes(stdinFile) : null;
      Map<String, byte[]> files = new TreeMap<>();
      for (String flag :
          List.of("additional-authenticated-data-file", "condition-from-file", "env-vars-file")) {
        Path copy = log.resolve(id + "." + flag);
        if (Files.exists(copy)) {
          files.put(flag, Files.readAllBytes(copy));
        }
      }
      calls.add(new Call(argv, stdin, env, files));
    }
    return calls;
  }

  private static List<String> nulSeparated(byte[] bytes) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        parts.add(new String(bytes, start, i - start, UTF_8));
        start = i + 1;
      }
    }
    return parts;
  }

  /**
   * Asserts that {@code secret} (or its base64) appears in no recorded argument, no recorded environment, no
   * output of the script, no copy of a file handed to gcloud, and no file under TMPDIR, HOME or the working
   * directory; and that TMPDIR is empty again (every scratch file was removed).
   */
  void assertSecretNotLeaked(Result result, byte[] secret) {
    List<byte[]> forms = List.of(secret, Base64.getEncoder().encode(secret));
    for (byte[] form : forms) {
      String text = new String(form, UTF_8);
      assertThat(result.stdout()).as("stdout").doesNotContain(text);
      assertThat(result.stderr()).as("stderr").doesNotContain(text);
      for (Call call : result.calls()) {
        assertThat(call.argv()).as("arguments of %s", call.argv()).noneMatch(a -> a.contains(text));
        assertThat(call.env()).as("environment of %s", call.argv())
            .allSatisfy((name, value) -> assertThat(value).doesNotContain(text));
        call.files().forEach((flag, content) ->
            assertThat(indexOf(content, form)).as("--%s file of %s", flag, call.argv()).isNegative());
      }
      for (Path dir : List.of(tmp, home, work)) {
        for (Path file : regularFiles(dir)) {
          assertThat(indexOf(read(file), form)).as("file %s left behind", file).isNegative();
        }
      }
    }
    assertThat(regularFiles(tmp)).as("files left in TMPDIR").isEmpty();
    try (Stream<Path> entries = Files.list(tmp)) {
      assertThat(entries.collect(Collectors.toList())).as("entries left in TMPDIR").isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> regularFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** One recorded call of a stand-in. */
  record Call(List<String> argv, byte[] stdin, Map<String, String> env, Map<String, byte[]> files) {
    String program() {
      return argv.get(0);
    }

    String file(String flag) {
      byte[] content = files.get(flag);
      assertThat(content).as("copy of the --%s file of %s", flag, argv).isNotNull();
      return new String(content, UTF_8);
    }
  }

  /** How a script run ended, with the stand-ins' recordings. */
  record Result(int exit, String stdout, String stderr, List<Call> calls) {
    List<List<String>> commands() {
      return calls.stream().map(Call::argv).collect(Collectors.toList());
    }

    Call call(int index) {
      assertThat(calls).as("recorded calls").hasSizeGreaterThan(index);
      return calls.get(index);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr + "\n--- calls\n"
          + commands().stream().map(String::valueOf).collect(Collectors.joining("\n"));
    }
  }
}

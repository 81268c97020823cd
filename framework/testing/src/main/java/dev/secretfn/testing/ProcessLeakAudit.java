package dev.secretfn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Searches what a function process left outside its memory for canary plaintexts (raw, base64 or hex): texts
 * taken from it (its environment from {@code /proc}, its system properties from {@code jcmd}, its output) and
 * every file under directories it could write (its temp and working directories). Each hit is one finding
 * that names the channel and never the canary; an audit that passes has no findings.
 *
 * <pre>{@code
 * ProcessLeakAudit audit = ProcessLeakAudit.of(List.of(dbPass, apiKey));
 * List<String> findings = audit.findings("orders", Map.of(
 *     "environ", function.environ(),
 *     "system properties", ProcessLeakAudit.systemProperties(function.pid()),
 *     "output", function.output()), List.of(function.tempDir(), workDir));
 * assertThat(findings).isEmpty();
 * }</pre>
 */
public final class ProcessLeakAudit {
  private final Set<String> forbidden;

  private ProcessLeakAudit(Set<String> forbidden) {
    this.forbidden = forbidden;
  }

  /** An audit for {@code plaintexts}, each searched raw (UTF-8), in base64 and in hex. */
  public static ProcessLeakAudit of(Collection<String> plaintexts) {
    Set<String> forms = new LinkedHashSet<>();
    for (String plaintext : plaintexts) {
      byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
      forms.add(new String(bytes, StandardCharsets.ISO_8859_1)); // texts and files are read as ISO-8859-1
      forms.add(Base64.getEncoder().encodeToString(bytes));
      forms.add(HexFormat.of().formatHex(bytes));
    }
    return new ProcessLeakAudit(Set.copyOf(forms));
  }

  /**
   * Every channel of {@code process} holding a canary: each entry of {@code texts} (channel name to content,
   * UTF-8 text), and each regular file under {@code directories}.
   */
  public List<String> findings(String process, Map<String, String> texts, Collection<Path> directories) {
    List<String> findings = new ArrayList<>();
    texts.forEach((channel, text) -> {
      if (containsCanary(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))) {
        findings.add(process + ": " + channel);
      }
    });
    for (Path directory : directories) {
      for (Path file : files(directory)) {
        if (containsCanary(readLatin1(file))) {
          findings.add(process + ": file " + file);
        }
      }
    }
    return findings;
  }

  /** How many regular files {@link #findings} would read under {@code directories}. */
  public static int fileCount(Collection<Path> directories) {
    return directories.stream().mapToInt(d -> files(d).size()).sum();
  }

  /**
   * What can still be read of a process whose start-up is failing, for {@link #findings}: its environment
   * ({@code "environ"}) and, if asked, its system properties ({@code "system properties"}; jcmd costs a JVM,
   * so ask only for a process that waits out a deadline). Whatever the process took with it by exiting first
   * is missing from the map.
   */
  public static Map<String, String> readWhileAlive(long pid, boolean withSystemProperties) {
    Map<String, String> texts = new java.util.LinkedHashMap<>();
    try {
      texts.put("environ", new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
          StandardCharsets.UTF_8));
      if (withSystemProperties) {
        texts.put("system properties", systemProperties(pid));
      }
    } catch (IOException | IllegalStateException exitedMeanwhile) {
      // Nothing left to read.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return texts;
  }

  /** The system properties of a running JVM as {@code jcmd PID VM.system_properties} prints them. */
  public static String systemProperties(long pid) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.system_properties")
        .redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("jcmd " + pid + " VM.system_properties failed: "
          + new String(out, StandardCharsets.UTF_8));
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (!text.contains("java.home=")) {
      throw new IllegalStateException("jcmd printed no system properties for " + pid + ": " + text);
    }
    return text;
  }

  private boolean containsCanary(String latin1) {
    return forbidden.stream().anyMatch(latin1::contains);
  }

  private static List<Path> files(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    // The JVM's attach mechanism (jcmd, which the audit itself runs) creates and deletes .attach_pid files in the
    // process's directory: a file that vanishes between listing and reading is skipped, not an error.
    List<Path> files = new java.util.ArrayList<>();
    try {
      Files.walkFileTree(directory, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes a) {
          if (a.isRegularFile()) {
            files.add(file);
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof java.nio.file.NoSuchFileException) {
            return java.nio.file.FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static String readLatin1(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException vanished) {
      return "";
    }
  }

  @Override
  public String toString() {
    return "ProcessLeakAudit[" + forbidden.size() + " forbidden strings]";
  }
}

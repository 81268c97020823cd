package dev.secretfn.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;

/**
 * Proves that secret material goes nowhere it should not: hands out distinctive canary plaintexts, captures
 * everything logged through {@code java.util.logging} (where {@code System.Logger} writes by default) while
 * open, and asserts that no canary, raw or in base64 or hex, appears in a message, a stack trace, a {@code
 * toString()} or the captured log.
 *
 * <pre>{@code
 * try (CanaryAudit audit = CanaryAudit.start()) {
 *   String password = audit.canary("db-pass");
 *   ... deploy it, resolve, fail on purpose ...
 *   audit.assertAbsentFrom(exception, secrets, source);
 * }   // close() checks the captured log
 * }</pre>
 *
 * <p>Optional channels: {@link #captureAllLevels} (debug records of chosen loggers, which the default levels
 * drop), {@link #captureStandardStreams} (whatever is printed to {@code System.out}/{@code err}) and {@link
 * #watchFiles} (files created or changed under some directories); {@link #close()} checks them all.
 */
public final class CanaryAudit implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
  private final List<LogRecord> logs = new CopyOnWriteArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logs.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private final List<Logger> raised = new ArrayList<>(); // strong references: JUL forgets unreferenced loggers
  private final Map<Logger, Level> previousLevels = new HashMap<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream previousOut;
  private PrintStream previousErr;
  private final Map<Path, Map<Path, Long>> watched = new HashMap<>();

  private CanaryAudit() {
    capture.setLevel(Level.ALL); // whatever the loggers pass at their configured levels
    root.addHandler(capture);
  }

  /** Starts capturing the log. */
  public static CanaryAudit start() {
    return new CanaryAudit();
  }

  /** A distinctive plaintext, unique to this run ({@code CANARY-what-<hex>}), that must never show. */
  public String canary(String what) {
    byte[] nonce = new byte[6];
    RANDOM.nextBytes(nonce);
    String canary = "CANARY-" + what + "-" + HexFormat.of().formatHex(nonce);
    forbid(canary.getBytes(StandardCharsets.UTF_8));
    forbidden.add(canary);
    return canary;
  }

  /** Also captures records below the default level (DEBUG, TRACE) of {@code loggerNames}, until closed. */
  public CanaryAudit captureAllLevels(String... loggerNames) {
    for (String name : loggerNames) {
      Logger logger = Logger.getLogger(name);
      previousLevels.putIfAbsent(logger, logger.getLevel());
      logger.setLevel(Level.ALL);
      raised.add(logger);
    }
    return this;
  }

  /** Also captures everything printed to {@code System.out} and {@code System.err} (still printed), until closed. */
  public synchronized CanaryAudit captureStandardStreams() {
    if (previousOut == null) {
      previousOut = System.out;
      previousErr = System.err;
      System.setOut(new PrintStream(new Tee(previousOut, printed), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(previousErr, printed), true, StandardCharsets.UTF_8));
    }
    return this;
  }

  /** Also checks, at close, every regular file created or changed under {@code roots} after this call. */
  public CanaryAudit watchFiles(Path... roots) {
    for (Path root : roots) {
      watched.put(root, listFiles(root));
    }
    return this;
  }

  /** Files created or changed under the watched roots since {@link #watchFiles}. */
  public List<Path> changedFiles() {
    List<Path> changed = new ArrayList<>();
    watched.forEach((root, before) -> listFiles(root).forEach((file, modified) -> {
      if (!modified.equals(before.get(file))) {
        changed.add(file);
      }
    }));
    return changed;
  }

  /** Other secret material (a data key, say) that must not show either, in base64 or hex. */
  public void forbid(byte[] secret) {
    forbidden.add(Base64.getEncoder().encodeToString(secret));
    forbidden.add(HexFormat.of().formatHex(secret));
  }

  /** Asserts that no canary is in the text of {@code things}: toString, and for throwables the stack trace. */
  public void assertAbsentFrom(Object... things) {
    for (Object thing : things) {
      String text = thing instanceof Throwable ? stackTrace((Throwable) thing) : String.valueOf(thing);
      for (String canary : forbidden) {
        if (text.contains(canary)) {
          throw new AssertionError("secret material (" + canary + ") found in the text of a "
              + (thing == null ? "null" : thing.getClass().getName()));
        }
      }
    }
  }

  /** Log records captured so far whose message contains {@code text}. */
  public long logged(String text) {
    return logs.stream().filter(r -> r.getMessage() != null && r.getMessage().contains(text)).count();
  }

  /**
   * Stops capturing and asserts that no canary is in what was logged while open, nor in what was printed or
   * written to a watched file, if those channels were captured.
   */
  @Override
  public void close() {
    root.removeHandler(capture);
    previousLevels.forEach(Logger::setLevel);
    synchronized (this) {
      if (previousOut != null) {
        System.setOut(previousOut);
        System.setErr(previousErr);
        previousOut = null;
      }
    }
    SimpleFormatter formatter = new SimpleFormatter();
    assertAbsentFrom(logs.stream().map(formatter::format).collect(Collectors.joining()));
    synchronized (printed) {
      assertAbsentFrom(printed.toString(StandardCharsets.UTF_8));
    }
    for (Path file : changedFiles()) {
      String content = readLatin1(file);
      for (String canary : forbidden) {
        if (content.contains(canary)) {
          throw new AssertionError("secret material (" + canary + ") found in the file " + file);
        }
      }
    }
  }

  /** Every regular file under {@code root} with its last-modified time and size; nothing if it is missing. */
  private static Map<Path, Long> listFiles(Path root) {
    Map<Path, Long> files = new HashMap<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try {
      // A directory or file that another process deletes during the walk is skipped: it was not there to leak.
      Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), 32, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          if (attributes.isRegularFile()) {
            files.put(file, attributes.lastModifiedTime().toMillis() * 31 + attributes.size());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE;
          }
          throw e;
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("could not list " + root, e);
    }
    return files;
  }

  /** The file's bytes as ISO-8859-1, so that a UTF-8 canary matches byte for byte; empty if it vanished. */
  private static String readLatin1(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException vanished) {
      return "";
    }
  }

  /** Writes to the original stream and to the capture buffer. */
  private static final class Tee extends OutputStream {
    private final OutputStream original;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
      original.write(b);
      synchronized (copy) {
        copy.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      original.write(b, off, len);
      synchronized (copy) {
        copy.write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      original.flush();
    }
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Override
  public String toString() {
    return "CanaryAudit[" + forbidden.size() + " forbidden strings, " + logs.size() + " log records]";
  }
}

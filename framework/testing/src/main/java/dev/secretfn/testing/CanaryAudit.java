package dev.secretfn.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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

  /** Stops capturing and asserts that nothing logged while open contains a canary. */
  @Override
  public void close() {
    root.removeHandler(capture);
    SimpleFormatter formatter = new SimpleFormatter();
    assertAbsentFrom(logs.stream().map(formatter::format).collect(Collectors.joining()));
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

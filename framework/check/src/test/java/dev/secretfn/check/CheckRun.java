package dev.secretfn.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One in-process run of {@link CheckMain}: its exit status and what it printed. */
final class CheckRun {
  final int status;
  final String out;
  final String err;

  private CheckRun(int status, String out, String err) {
    this.status = status;
    this.out = out;
    this.err = err;
  }

  static CheckRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = CheckMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CheckRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static CheckRun of(List<String> args) {
    return of(args.toArray(new String[0]));
  }

  /** The report's lines. */
  List<String> lines() {
    return out.lines().toList();
  }

  /** Asserts that none of {@code canaries} was printed anywhere. */
  CheckRun leaksNone(String... canaries) {
    for (String canary : canaries) {
      assertThat(out).doesNotContain(canary);
      assertThat(err).doesNotContain(canary);
    }
    return this;
  }
}

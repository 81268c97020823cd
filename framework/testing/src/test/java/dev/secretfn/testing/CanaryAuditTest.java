package dev.secretfn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class CanaryAuditTest {
  @Test
  void assertAbsentFrom_leakingExceptionOrToString_isCaught() {
    try (CanaryAudit audit = CanaryAudit.start()) {
      String canary = audit.canary("pw");
      Exception leaking = new IllegalStateException("wrapped", new RuntimeException("value was " + canary));
      Object printsBase64 = new Object() {
        @Override
        public String toString() {
          return Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
        }
      };

      assertThatThrownBy(() -> audit.assertAbsentFrom(leaking)).isInstanceOf(AssertionError.class);
      assertThatThrownBy(() -> audit.assertAbsentFrom(printsBase64)).isInstanceOf(AssertionError.class);
      audit.assertAbsentFrom(new IllegalStateException("DB_PASS: FETCH failed"), "clean text");
    }
  }

  @Test
  void close_canaryLogged_isCaught() {
    CanaryAudit audit = CanaryAudit.start();
    String canary = audit.canary("token");
    Logger.getLogger("leaky.fixture").warning("token=" + canary);

    assertThat(audit.logged("token=")).isEqualTo(1);
    assertThatThrownBy(audit::close).isInstanceOf(AssertionError.class).hasMessageContaining("secret material");
  }

  @Test
  void forbid_dataKeyInHex_isCaught() {
    try (CanaryAudit audit = CanaryAudit.start()) {
      audit.forbid(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});

      assertThatThrownBy(() -> audit.assertAbsentFrom("key deadbeef")).isInstanceOf(AssertionError.class);
    }
  }

  @Test
  void close_canaryLoggedAtDebugOfCapturedLogger_isCaught() {
    CanaryAudit audit = CanaryAudit.start().captureAllLevels("leaky.debug");
    String canary = audit.canary("debug");
    System.getLogger("leaky.debug").log(System.Logger.Level.DEBUG, "value " + canary);

    assertThat(audit.logged("value ")).isEqualTo(1);
    assertThatThrownBy(audit::close).isInstanceOf(AssertionError.class).hasMessageContaining("secret material");
  }

  @Test
  void close_canaryPrintedToStandardError_isCaught() {
    CanaryAudit audit = CanaryAudit.start().captureStandardStreams();
    String canary = audit.canary("printed");
    System.err.println("oops " + canary.substring(0, 7) + "..."); // a prefix is not the secret
    System.err.println("oops " + canary);

    assertThatThrownBy(audit::close).isInstanceOf(AssertionError.class).hasMessageContaining("secret material");
  }

  @Test
  void close_canaryWrittenToAFileUnderAWatchedDirectory_isCaughtNamingTheFile() throws Exception {
    Path dir = freshDirectory("file-leak");
    Files.writeString(dir.resolve("before.txt"), "written before the audit");
    CanaryAudit audit = CanaryAudit.start().watchFiles(dir);
    String canary = audit.canary("file");
    Files.createDirectories(dir.resolve("cache"));
    Files.write(dir.resolve("cache/blob.bin"), canary.getBytes(StandardCharsets.UTF_8));

    assertThat(audit.changedFiles()).containsExactly(dir.resolve("cache/blob.bin"));
    assertThatThrownBy(audit::close).isInstanceOf(AssertionError.class).hasMessageContaining("blob.bin");
  }

  @Test
  void close_cleanChannels_passes() throws Exception {
    Path dir = freshDirectory("clean");
    try (CanaryAudit audit = CanaryAudit.start().captureAllLevels("clean").captureStandardStreams().watchFiles(dir)) {
      audit.canary("never-shown");
      System.getLogger("clean").log(System.Logger.Level.DEBUG, "resolved DB_PASS");
      System.out.println("started");
      Files.writeString(dir.resolve("state.txt"), "ready");
    }
  }

  /** A new, empty directory under target (this module's java.io.tmpdir may not exist yet). */
  private static Path freshDirectory(String name) throws Exception {
    return Files.createTempDirectory(Files.createDirectories(Path.of("target", "canary-audit-test")), name);
  }
}

package dev.secretfn.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretfn.Secret;
import dev.secretfn.Step;
import dev.secretfn.spi.Fetch;
import dev.secretfn.spi.SourceException;
import dev.secretfn.testing.CanaryAudit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The file store on real files, links, pipes and devices: what the mount is, what is refused, and that nothing is
 * ever written. Each failure is checked for its step, its retryability, its fix, and that it quotes no content.
 */
class MountReaderTest {
  private static final String CONTENT = "zq7-file-content-canary";

  private final SecretVolume volume = new SecretVolume();

  @AfterEach
  void close() {
    volume.close();
  }

  @Test
  void read_kubernetesStyleLinksInsideTheMount_returnsTheBytes() throws Exception {
    volume.put("db", utf8(CONTENT));

    assertThat(read(volume.reference("db")).revealString()).isEqualTo(CONTENT);
  }

  @Test
  void read_plainFileWithoutLinks_returnsTheBytes() throws Exception {
    volume.putPlain("api-key", utf8(CONTENT));

    assertThat(read(volume.reference("api-key")).revealString()).isEqualTo(CONTENT);
  }

  @Test
  void read_mountReachedThroughALinkedAncestor_returnsTheBytes() throws Exception {
    // /var/run -> /run: links above the mount directory are the platform's business
    volume.put("db", utf8(CONTENT));
    Path alias = Files.createSymbolicLink(volume.root.resolve("run"), volume.mount.getFileName());

    assertThat(read(MountedFile.of(alias.resolve("db").toString())).revealString()).isEqualTo(CONTENT);
  }

  @Test
  void read_linkToAFileOutsideTheMount_failsPermanently() throws Exception {
    volume.put("db", utf8(CONTENT));
    volume.relink("db", Files.write(volume.outside.resolve("db"), utf8(CONTENT)));

    assertFails(volume.reference("db"), Step.FETCH, false, "leads out of its directory");
  }

  @Test
  void read_relativeLinkClimbingOutOfTheMount_failsPermanently() throws Exception {
    Files.write(volume.outside.resolve("db"), utf8(CONTENT));
    volume.putPlain("placeholder", utf8("x"));
    Files.createSymbolicLink(volume.mount.resolve("db"), Path.of("..", "outside", "db"));

    assertFails(volume.reference("db"), Step.FETCH, false, "leads out of its directory");
  }

  @Test
  void read_linkToTheRootFileSystem_failsPermanently() throws Exception {
    assumeTrue(Files.isRegularFile(Path.of("/etc/passwd")), "no /etc/passwd here");
    Files.createSymbolicLink(volume.mount.resolve("passwd"), Path.of("/etc/passwd"));

    assertFails(volume.reference("passwd"), Step.FETCH, false, "leads out of its directory");
  }

  @Test
  void read_dataLinkSwappedOutOfTheMount_failsPermanently() throws Exception {
    // the intermediate ..data link, not the named one, leaves the mount
    volume.put("db", utf8(CONTENT));
    Files.createDirectory(volume.outside.resolve("..data"));
    Files.write(volume.outside.resolve("..data").resolve("db"), utf8(CONTENT));
    Files.delete(volume.mount.resolve("..data"));
    Files.createSymbolicLink(volume.mount.resolve("..data"), volume.outside.resolve("..data"));

    assertFails(volume.reference("db"), Step.FETCH, false, "leads out of its directory");
  }

  @Test
  void read_danglingLink_failsPermanentlyWithTheMountHint() throws Exception {
    Files.createSymbolicLink(volume.mount.resolve("db"), Path.of("..data", "gone"));

    SourceException e = assertFails(volume.reference("db"), Step.FETCH, false, "symbolic link to a file that does");
    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("--set-secrets="));
  }

  @Test
  void read_linkLoop_failsWithoutHanging() throws Exception {
    Files.createSymbolicLink(volume.mount.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(volume.mount.resolve("b"), Path.of("a"));

    assertFails(volume.reference("a"), Step.FETCH, false, "form a loop");
  }

  @Test
  void read_pathThroughAFile_failsPermanentlySayingWhichIsNotADirectory() throws Exception {
    volume.putPlain("db", utf8(CONTENT));

    assertFails(MountedFile.of(volume.mount.resolve("db").resolve("password").toString()), Step.FETCH, false,
        "is not a directory");
  }

  @Test
  void read_missingFile_failsPermanentlyNamingTheMountSettings() throws Exception {
    SourceException e = assertFails(volume.reference("db"), Step.FETCH, false, "does not exist");

    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h)
        .contains("--set-secrets=" + volume.mount.resolve("db") + "=SECRET:VERSION")
        .contains("mountPath " + volume.mount)
        .contains("AWS Lambda mounts no secrets"));
  }

  @Test
  void read_missingMountDirectory_failsPermanentlySayingNothingIsMounted() throws Exception {
    assertFails(MountedFile.of(volume.root.resolve("nothing/db").toString()), Step.FETCH, false,
        "nothing is mounted there");
  }

  @Test
  void read_directory_failsPermanentlyNamingAFileInside() throws Exception {
    SourceException e = assertFails(MountedFile.of(volume.mount.toString()), Step.FETCH, false, "is a directory");
    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains(volume.mount + "/FILE"));
  }

  @Test
  void read_namedPipe_isRefusedWithoutOpeningIt() throws Exception {
    Path fifo = volume.mount.resolve("pipe");
    assumeTrue(mkfifo(fifo), "mkfifo is not available on this machine");

    // opening a FIFO for reading would block until a writer comes: a refusal that returns proves it was not opened
    long start = System.nanoTime();
    assertFails(volume.reference("pipe"), Step.FETCH, false, "a named pipe (FIFO)");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void read_characterDevice_isRefused() throws Exception {
    assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero on this machine");

    assertFails(MountedFile.of("/dev/zero"), Step.FETCH, false, "a character device");
  }

  @Test
  void read_unreadableFile_failsPermanentlyWithTheModeToSet() throws Exception {
    assumeFalse(SecretVolume.permissionsIgnored(),
        "this process ignores file permissions (root); the denial is covered by the contract's link out of the mount");
    volume.put("db", utf8(CONTENT));
    Files.setPosixFilePermissions(volume.data("db"), PosixFilePermissions.fromString("---------"));

    SourceException e = assertFails(volume.reference("db"), Step.FETCH, false, "permission denied");
    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("defaultMode").contains("fsGroup"));
  }

  @Test
  void read_fileOfExactlyTheLimit_returnsIt() throws Exception {
    volume.put("db", new byte[100]);

    assertThat(read(volume.reference("db"), 100).length()).isEqualTo(100);
  }

  @Test
  void read_fileOverTheLimit_failsAtDecodeBeforeReading() throws Exception {
    volume.put("db", utf8(CONTENT.repeat(10)));

    SourceException e = assertFails(volume.reference("db"), 100, Step.DECODE, false, "larger than the 100-byte");
    assertThat(e.hint()).hasValueSatisfying(h -> assertThat(h).contains("FileSettings.maxFileBytes"));
  }

  @Test
  void read_fileLargerThanItsReportedSize_stopsAtTheLimit() throws Exception {
    // procfs files report size 0 and hold more, as a file that grows after its size was checked does
    Path version = Path.of("/proc/version");
    assumeTrue(Files.isRegularFile(version) && Files.size(version) == 0, "no procfs here");

    assertFails(MountedFile.of(version.toString()), 16, Step.DECODE, false, "larger than the 16-byte limit");
  }

  @Test
  void read_fileGrowingWhileRead_neverReturnsMoreThanTheLimit() throws Exception {
    Path data = volume.data("db");
    volume.put("db", utf8("start"));
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < 2000 && !Thread.currentThread().isInterrupted(); i++) {
          Files.write(data, new byte[64], java.nio.file.StandardOpenOption.APPEND);
        }
      } catch (IOException e) {
        // the test is over
      }
    });
    writer.start();
    try {
      for (int i = 0; i < 50; i++) {
        try {
          assertThat(read(volume.reference("db"), 4096).length()).isLessThanOrEqualTo(4096);
        } catch (SourceException e) {
          assertThat(e.step()).isEqualTo(Step.DECODE);
          assertThat(e.getMessage()).contains("larger than the 4096-byte limit");
        }
      }
    } finally {
      writer.interrupt();
      writer.join();
    }
  }

  @Test
  void read_anything_writesNoFileAndChangesNothing() throws Exception {
    volume.put("db", utf8("{\"password\":\"" + CONTENT + "\"}"));
    List<Path> before;
    try (var walk = Files.walk(volume.root)) {
      before = walk.toList();
    }
    // only the volume: the shared temp directory changes under other processes
    try (CanaryAudit audit = CanaryAudit.start().watchFiles(volume.root)) {
      read(volume.reference("db")).wipe();
      fetchFails(volume.reference("missing"));
      fetchFails(MountedFile.of(volume.mount.toString()));

      assertThat(audit.changedFiles()).isEmpty();
    }
    try (var walk = Files.walk(volume.root)) {
      assertThat(walk.toList()).containsExactlyInAnyOrderElementsOf(before);
    }
  }

  @Test
  void source_primeAndToString_touchNoFile() {
    FileSource source = new FileSource(FileSettings.defaults());

    source.prime(Duration.ofSeconds(1));

    assertThat(source).hasToString("FileSource[FileSettings[maxFileBytes=65536]]");
  }

  private Secret read(MountedFile file) throws Exception {
    return read(file, FileSettings.DEFAULT_MAX_FILE_BYTES);
  }

  private static Secret read(MountedFile file, int maxBytes) throws Exception {
    return new FileSource(FileSettings.builder().maxFileBytes(maxBytes).build())
        .fetch(Fetch.of(file, List.of("DB"), Duration.ofSeconds(5), 1));
  }

  private static SourceException fetchFails(MountedFile file) {
    try {
      read(file, FileSettings.DEFAULT_MAX_FILE_BYTES).wipe();
    } catch (SourceException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the read succeeded");
  }

  private static SourceException assertFails(MountedFile file, Step step, boolean retryable, String says) {
    return assertFails(file, FileSettings.DEFAULT_MAX_FILE_BYTES, step, retryable, says);
  }

  private static SourceException assertFails(MountedFile file, int maxBytes, Step step, boolean retryable,
      String says) {
    SourceException e;
    try {
      read(file, maxBytes).wipe();
      throw new AssertionError("the read succeeded");
    } catch (SourceException thrown) {
      e = thrown;
    } catch (Exception other) {
      throw new AssertionError(other);
    }
    assertThat(e.step()).isEqualTo(step);
    assertThat(e.isRetryable()).isEqualTo(retryable);
    assertThat(e.getMessage()).contains(says).contains(file.format()).doesNotContain(CONTENT);
    if (!retryable) {
      assertThat(e.hint()).isPresent();
      assertThat(e.hint().get()).doesNotContain(CONTENT);
    }
    return e;
  }

  private static boolean mkfifo(Path fifo) throws InterruptedException {
    try {
      Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

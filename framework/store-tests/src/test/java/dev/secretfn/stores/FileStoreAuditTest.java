package dev.secretfn.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dagger.Component;
import dev.secretfn.Environment;
import dev.secretfn.ResolvedSecrets;
import dev.secretfn.Secret;
import dev.secretfn.SecretDeclaration;
import dev.secretfn.SecretDeclarations;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.SecretResolutionException.Failure;
import dev.secretfn.SecretResolver;
import dev.secretfn.SecretVar;
import dev.secretfn.Step;
import dev.secretfn.aws.kms.AwsKmsModule;
import dev.secretfn.aws.s3.S3Module;
import dev.secretfn.file.FileModule;
import dev.secretfn.gcp.kms.CloudKmsModule;
import dev.secretfn.gcp.storage.BerglasModule;
import dev.secretfn.gcp.storage.CloudStorageModule;
import dev.secretfn.testing.CanaryAudit;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file store's share of the fault matrix and the leak audit. A store with no network has few faults: a file
 * missing, unreadable, too large, out of the mount, not a file; and the selection faults every store has (field
 * absent, not a string, content not JSON). Each runs through a function that binds every store, with a canary in
 * the mounted content, and must fail at its step, permanently, with a fix, and leave the canary out of every
 * message, {@code toString()}, log record, standard stream and file; the mount is deleted after each case, so the
 * class-wide file check sees only what the store might have written (nothing).
 */
class FileStoreAuditTest {
  private static final String VAR = "SECRET";
  private static CanaryAudit audit;

  @SecretDeclarations
  interface Declared {
    @SecretVar("UNUSED") Optional<Secret> unused();
  }

  @Singleton
  @Component(modules = {FileStoreAuditTest_DeclaredModule.class, FileModule.class, CloudKmsModule.class,
      CloudStorageModule.class, BerglasModule.class, AwsKmsModule.class, S3Module.class, TestDeployment.class})
  interface AllSources extends TestComponent {
    @Component.Factory
    interface Factory {
      AllSources create(TestDeployment deployment);
    }
  }

  /** One fault: what it does to the mount (given the canary) and returns as the value; the step and the message. */
  record Fault(String name, BiFunction<Path, String, String> plant, Step step, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  private Path root;
  private Path mount;

  @BeforeAll
  static void begin() {
    audit = CanaryAudit.start()
        .captureAllLevels("dev.secretfn")
        .captureStandardStreams()
        .watchFiles(Path.of(System.getProperty("java.io.tmpdir")), Path.of(System.getProperty("user.dir")));
  }

  @AfterAll
  static void end() {
    audit.close();
  }

  @BeforeEach
  void mount() throws IOException {
    root = Files.createTempDirectory("secretfn-file-audit-");
    mount = Files.createDirectory(root.resolve("secrets"));
    Files.createDirectory(mount.resolve("..2026_12_02"));
    Files.createSymbolicLink(mount.resolve("..data"), Path.of("..2026_12_02"));
  }

  @AfterEach
  void unmount() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!Files.isSymbolicLink(path)) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        }
        Files.delete(path);
      }
    }
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        new Fault("missing", (m, c) -> ref(m.resolve("db")), Step.FETCH, "does not exist"),
        new Fault("directory", (m, c) -> ref(m), Step.FETCH, "is a directory"),
        new Fault("link out of the mount", (m, c) -> {
          Path outside = write(m.getParent().resolve("db"), c);
          link(m.resolve("db"), outside);
          return ref(m.resolve("db"));
        }, Step.FETCH, "leads out of its directory"),
        new Fault("too large", (m, c) -> mounted(m, "db", (c + " ").repeat(65536 / c.length() + 1)), Step.DECODE,
            "larger than the 65536-byte limit"),
        new Fault("unreadable", (m, c) -> {
          String value = mounted(m, "db", c);
          chmod(m.resolve("..2026_12_02/db"), "---------");
          return value;
        }, Step.FETCH, "permission denied"),
        new Fault("named pipe", (m, c) -> {
          mkfifo(m.resolve("pipe"));
          return ref(m.resolve("pipe"));
        }, Step.FETCH, "named pipe"),
        new Fault("field absent", (m, c) -> mounted(m, "db", "{\"password\":\"" + c + "\"}") + "#nope",
            Step.SELECT_FIELD, "nope"),
        new Fault("field not a string", (m, c) -> mounted(m, "db", "{\"password\":\"" + c + "\",\"n\":1}") + "#n",
            Step.SELECT_FIELD, "n"),
        new Fault("content not JSON", (m, c) -> mounted(m, "db", c) + "#password", Step.SELECT_FIELD, "password"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void resolve_fileFault_failsAtItsStepWithAFixAndQuotesNoContent(Fault fault) {
    String canary = audit.canary("file " + fault.name());
    String value = fault.plant().apply(mount, canary);
    assumeTrue(!fault.name().equals("unreadable") || !Files.isReadable(mount.resolve("db")),
        "this process ignores file permissions (root): chmod denies nothing");
    AllSources function = function(value);
    SecretResolver resolver = SecretResolver.create(function.syntaxes(), function.sources(), SourceTestbed.FAST);

    SecretResolutionException e = SourceTestbed.startupFails(() ->
        resolver.resolve(List.of(SecretDeclaration.required(VAR)), Environment.of(Map.of(VAR, value))));

    Failure failure = SourceTestbed.onlyFailure(e);
    assertThat(failure.step()).as(e.getMessage()).isEqualTo(fault.step());
    assertThat(failure.isRetryable()).as(e.getMessage()).isFalse();
    assertThat(e.getMessage()).contains(VAR).contains(fault.says());
    if (failure.step() == Step.FETCH || failure.step() == Step.DECODE) {
      assertThat(failure.hint()).as(e.getMessage()).isPresent();
    }
    audit.assertAbsentFrom(e, e.getMessage(), e.failures(), function.sources(), value);
  }

  @Test
  void resolve_mountedFileAndField_canaryIsOnlyInTheRevealedValues() {
    String password = audit.canary("file password");
    String token = audit.canary("file token");
    String db = mounted(mount, "db", "{\"username\":\"app\",\"password\":\"" + password + "\"}");
    String api = mounted(mount, "token", token);
    AllSources function = function(db);
    SecretResolver resolver = SecretResolver.create(function.syntaxes(), function.sources(), SourceTestbed.FAST);

    ResolvedSecrets secrets = resolver.resolve(
        List.of(SecretDeclaration.required("DB_PASS").text(), SecretDeclaration.required("TOKEN")),
        Environment.of(Map.of("DB_PASS", db + "#password", "TOKEN", api)));

    assertThat(secrets.get("DB_PASS").revealString()).isEqualTo(password);
    assertThat(secrets.get("TOKEN").revealString()).isEqualTo(token);
    audit.assertAbsentFrom(secrets, secrets.get("DB_PASS"), secrets.get("TOKEN"), function.sources());
    secrets.wipeAll();
  }

  private AllSources function(String value) {
    return DaggerFileStoreAuditTest_AllSources.factory()
        .create(TestDeployment.of(Map.of(VAR, value), SourceTestbed.FAST));
  }

  /** Mounts {@code content} as {@code mount/name -> ..data/name}, as a secret volume does; returns its reference. */
  private static String mounted(Path mount, String name, String content) {
    write(mount.resolve("..2026_12_02").resolve(name), content);
    link(mount.resolve(name), Path.of("..data", name));
    return ref(mount.resolve(name));
  }

  private static String ref(Path path) {
    return "file://" + path;
  }

  private static Path write(Path path, String content) {
    try {
      return Files.write(path, content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void link(Path link, Path target) {
    try {
      Files.createSymbolicLink(link, target);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void chmod(Path path, String permissions) {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void mkfifo(Path fifo) {
    try {
      Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
      assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

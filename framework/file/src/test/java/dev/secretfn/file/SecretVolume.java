package dev.secretfn.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A secret volume laid out in a temporary directory as Kubernetes (and Cloud Run) lay theirs out: {@code
 * mount/NAME -> ..data/NAME}, {@code mount/..data -> ..2026_12_02_10_00_00.000000001}, the files in that
 * timestamped directory; and an {@code outside} directory next to the mount, for links that leave it. Deleted
 * (permissions restored first) at {@link #close()}.
 */
final class SecretVolume implements AutoCloseable {
  private static final String DATA = "..2026_12_02_10_00_00.000000001";

  final Path root;
  final Path mount;
  final Path outside;

  SecretVolume() {
    try {
      root = Files.createTempDirectory("secretfn-file-");
      mount = Files.createDirectory(root.resolve("secrets"));
      outside = Files.createDirectory(root.resolve("outside"));
      Files.createDirectory(mount.resolve(DATA));
      Files.createSymbolicLink(mount.resolve("..data"), Path.of(DATA));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mounts {@code value} as {@code mount/name}, through the two links; returns the named path. */
  Path put(String name, byte[] value) {
    try {
      Files.write(mount.resolve(DATA).resolve(name), value);
      return Files.createSymbolicLink(mount.resolve(name), Path.of("..data", name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code value} as a plain file {@code mount/name} (no links), as a hand-made mount would hold it. */
  Path putPlain(String name, byte[] value) {
    try {
      return Files.write(mount.resolve(name), value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file the link {@code mount/name} ends at. */
  Path data(String name) {
    return mount.resolve(DATA).resolve(name);
  }

  /** Points {@code mount/name} at {@code target} instead (a link out of the mount, say). */
  void relink(String name, Path target) {
    try {
      Files.delete(mount.resolve(name));
      Files.createSymbolicLink(mount.resolve(name), target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reference that reads {@code mount/name}. */
  MountedFile reference(String name) {
    return MountedFile.of(mount.resolve(name).toString());
  }

  /** Whether this process ignores file permissions (root, as in many containers): then chmod denies nothing. */
  static boolean permissionsIgnored() {
    try {
      Path probe = Files.createTempFile("secretfn-file-probe", "");
      try {
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("---------"));
        return Files.isReadable(probe);
      } finally {
        Files.delete(probe);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!Files.isSymbolicLink(path)) {
          path.toFile().setReadable(true, true);
          path.toFile().setExecutable(true, true);
          path.toFile().setWritable(true, true);
        }
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.secretfn.file;

import dev.secretfn.Step;
import dev.secretfn.spi.SourceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads one mounted secret file, strictly and only for reading.
 *
 * <p><b>The mount</b> of a reference is the directory that holds the named file, as the reference writes it
 * ({@code /secrets} for {@code file:///secrets/db}), after resolving its real path (links among its ancestors,
 * such as {@code /var/run -> /run}, are the platform's business). The named file's real path must lie inside it.
 * That admits the layout of Kubernetes and Cloud Run secret volumes, where {@code /secrets/db} links to {@code
 * ..data/db} and {@code ..data} to a timestamped sub-directory that the platform swaps atomically on an update, and
 * refuses a link that leaves the directory ({@code /secrets/db -> /etc/passwd}, {@code -> ../other/db}).
 *
 * <p>The file is opened at its real path with {@code O_NOFOLLOW}, after checking that it is a regular file: a named
 * pipe is refused without being opened (opening one for reading blocks until a writer comes). Its size is checked
 * before the read, and the read stops at limit + 1 bytes in case the file grows meanwhile. Every failure wipes
 * what was read; no message quotes the content.
 */
final class MountReader {
  /** POSIX file type bits of {@code st_mode}, to name the kind of a special file in the message. */
  private static final int S_IFMT = 0170000;

  private MountReader() {}

  /** The file's bytes, which the caller owns and must wipe. */
  static byte[] read(Path named, int maxBytes, String described) throws SourceException, InterruptedException {
    Path directory = named.getParent();
    Path realDirectory = realPath(directory, named, described, true);
    Path real = realPath(named, named, described, false);
    if (!real.startsWith(realDirectory)) {
      throw SourceException.permanent(Step.FETCH, described + " is a symbolic link that leads out of its directory "
          + directory + " (the mount); secretfn reads only files inside it")
          .withHint("point the reference at the mounted file itself, or mount the secret where the reference names"
              + " it; a link may lead only into the same directory or below (as a Kubernetes secret volume's"
              + " ..data link does)");
    }
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw failed(e, named, described);
    }
    if (attributes.isDirectory()) {
      throw SourceException.permanent(Step.FETCH, described + " is a directory, not a file")
          .withHint("name the file inside the mount: file://" + named + "/FILE (Cloud Run: --set-secrets="
              + named + "/FILE=SECRET:VERSION mounts the secret as " + named + "/FILE)");
    }
    if (attributes.isSymbolicLink()) {
      // real paths hold no link: the platform replaced something after the check (an update in progress)
      throw changed(described);
    }
    if (!attributes.isRegularFile()) {
      throw SourceException.permanent(Step.FETCH, described + " is not a regular file but " + kind(real)
          + "; secretfn reads only regular files and does not open special ones")
          .withHint("mount the secret as a regular file (a secret volume) and name that file");
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge(described, maxBytes);
    }
    return readBounded(real, (int) attributes.size(), maxBytes, named, described);
  }

  private static byte[] readBounded(Path real, int expected, int maxBytes, Path named, String described)
      throws SourceException, InterruptedException {
    byte[] buffer = new byte[Math.min(expected, maxBytes) + 1];
    int length = 0;
    try (FileChannel channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      while (true) {
        if (length == buffer.length) {
          if (length > maxBytes) {
            throw tooLarge(described, maxBytes); // grew past the limit since its size was checked
          }
          byte[] larger = Arrays.copyOf(buffer, Math.min(Math.max(2 * buffer.length, 4096), maxBytes + 1));
          Arrays.fill(buffer, (byte) 0);
          buffer = larger;
        }
        int n = channel.read(ByteBuffer.wrap(buffer, length, buffer.length - length));
        if (n < 0) {
          break;
        }
        length += n;
      }
      return Arrays.copyOf(buffer, length);
    } catch (ClosedByInterruptException e) {
      Thread.interrupted(); // reported by the exception instead, as blocking methods do
      throw new InterruptedException("interrupted while reading " + described);
    } catch (NoSuchFileException e) {
      throw changed(described);
    } catch (IOException e) {
      throw failed(e, named, described);
    } finally {
      Arrays.fill(buffer, (byte) 0); // the copy returned is the caller's to wipe
    }
  }

  /** The real path of {@code path} (the named file or its directory), or the start-up error for it. */
  private static Path realPath(Path path, Path named, String described, boolean isDirectory) throws SourceException {
    try {
      return path.toRealPath();
    } catch (NoSuchFileException e) {
      if (isDirectory) {
        throw SourceException.permanent(Step.FETCH, described + ": the directory " + path
            + " does not exist (nothing is mounted there)").withHint(mountHint(named));
      }
      if (Files.isSymbolicLink(path)) {
        throw SourceException.permanent(Step.FETCH, described + " is a symbolic link to a file that does not exist")
            .withHint(mountHint(named));
      }
      throw SourceException.permanent(Step.FETCH, described + " does not exist").withHint(mountHint(named));
    } catch (IOException e) {
      String shape = brokenShape(path);
      if (shape != null) {
        throw SourceException.permanent(Step.FETCH, described + ": " + shape).withHint(mountHint(named));
      }
      throw failed(e, named, described);
    }
  }

  /**
   * Why {@code path} cannot resolve however often it is retried, or null: a component that is not a directory
   * (ENOTDIR) or a loop of symbolic links (ELOOP). Found by walking the path, not from the OS message, which may be
   * localised. At most 40 links are followed, as Linux does.
   */
  static String brokenShape(Path path) {
    Path current = path.getRoot();
    int links = 0;
    for (int i = 0; i < path.getNameCount(); i++) {
      Path next = current.resolve(path.getName(i));
      while (Files.isSymbolicLink(next)) {
        if (++links > 40) {
          return "the symbolic links of " + path + " form a loop";
        }
        try {
          next = next.resolveSibling(Files.readSymbolicLink(next)).normalize();
        } catch (IOException e) {
          return null;
        }
      }
      if (i < path.getNameCount() - 1 && Files.exists(next, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
        return next + " is not a directory, so " + path + " cannot exist";
      }
      current = next;
    }
    return null;
  }

  /** Where and how the platforms mount a secret at {@code named}; Lambda has no secret mounts. */
  static String mountHint(Path named) {
    Path directory = named.getParent();
    return "mount the secret at " + named + ". Cloud Run and Cloud Run functions: --set-secrets=" + named
        + "=SECRET:VERSION (mount directory " + directory + ", file " + named.getFileName() + "). Kubernetes: a"
        + " secret volume with mountPath " + directory + " whose items include the key " + named.getFileName()
        + ". AWS Lambda mounts no secrets: read them from Secrets Manager or Parameter Store with their store";
  }

  private static SourceException failed(IOException e, Path named, String described) {
    if (e instanceof AccessDeniedException) {
      return SourceException.permanent(Step.FETCH, described + " cannot be read: permission denied")
          .withHint("let the user the function runs as read " + named + " and search its directories: Kubernetes"
              + " sets the file mode with the secret volume's defaultMode (or items[].mode) and the group with the"
              + " pod's securityContext.fsGroup; Cloud Run mounts secrets readable by the container's user")
          .withCause(e);
    }
    // Kept for a retry: EIO or ESTALE may pass. The OS reason names no content; the exception's message is dropped.
    String reason = e instanceof FileSystemException && ((FileSystemException) e).getReason() != null
        ? ": " + ((FileSystemException) e).getReason() : "";
    return SourceException.retryable(Step.FETCH, described + " could not be read (" + e.getClass().getSimpleName()
        + reason + ")").withCause(e);
  }

  private static SourceException changed(String described) {
    return SourceException.retryable(Step.FETCH, described + " changed while it was read (the platform was"
        + " updating the mount)");
  }

  private static SourceException tooLarge(String described, int maxBytes) {
    return SourceException.permanent(Step.DECODE, described + " is larger than the " + maxBytes + "-byte limit")
        .withHint("store only the secret in the file, or raise FileSettings.maxFileBytes");
  }

  /** "a named pipe (FIFO)", "a character device", ...: from the mode bits where the file system has them. */
  private static String kind(Path real) {
    try {
      int type = ((Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & S_IFMT;
      switch (type) {
        case 0010000: return "a named pipe (FIFO)";
        case 0020000: return "a character device";
        case 0060000: return "a block device";
        case 0140000: return "a socket";
        default: return "a special file";
      }
    } catch (IOException | RuntimeException e) {
      return "a special file";
    }
  }
}

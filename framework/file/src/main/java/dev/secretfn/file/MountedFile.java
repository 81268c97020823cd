package dev.secretfn.file;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret file that the platform mounted, optionally narrowed to one string field of the JSON object it holds:
 * {@code file:///ABSOLUTE/PATH[#FIELD]} (RFC 8089's form with an empty authority). Immutable value; the path is
 * absolute and normal: no empty, {@code .} or {@code ..} segment, so that what the reference names is what is
 * read.
 *
 * <p>{@link #pinned()} is true: the reference has no version to pin. Which version of the secret the file holds
 * is the platform's mount setting ({@code --set-secrets=/secrets/db=db-pass:3} pins version 3, {@code :latest}
 * does not), so a warning that asked to pin the reference would name a fix that does not exist. A plain
 * declaration reads the file once at start-up, so a later remount does not change a running instance's value.
 * {@link #refreshable()} is true all the same: the platform may swap the mounted file (a {@code :latest} mount,
 * a Kubernetes secret update), and a refreshing declaration reads it again.
 *
 * <pre>{@code
 * MountedFile db = MountedFile.of("/secrets/db").withField("password");
 * db.format();   // "file:///secrets/db#password"
 * }</pre>
 */
public final class MountedFile implements SecretReference {
  /** {@code file://} */
  public static final Scheme SCHEME = Scheme.of("file");
  /** Linux's PATH_MAX, in bytes of UTF-8 (with the terminating NUL it would be 4096). */
  static final int MAX_PATH_BYTES = 4095;
  /** Linux's NAME_MAX, in bytes of UTF-8. */
  static final int MAX_SEGMENT_BYTES = 255;

  private final String path;
  private final Optional<String> field;

  private MountedFile(String path, Optional<String> field) {
    this.path = checkPath(path);
    this.field = field.map(ReferenceRules::field);
  }

  /**
   * The file at {@code path}, without a field.
   *
   * @throws InvalidReferenceException unless {@code path} is absolute and normal (see the class comment)
   */
  public static MountedFile of(String path) {
    return new MountedFile(Objects.requireNonNull(path, "path"), Optional.empty());
  }

  /** The same file, narrowed to the JSON string field {@code field}. */
  public MountedFile withField(String field) {
    return new MountedFile(path, Optional.of(Objects.requireNonNull(field, "field")));
  }

  static MountedFile of(String path, Optional<String> field) {
    return new MountedFile(path, field);
  }

  /** The absolute path, decoded: {@code /secrets/db}. */
  public String path() {
    return path;
  }

  @Override
  public Scheme scheme() {
    return SCHEME;
  }

  @Override
  public Optional<String> field() {
    return field;
  }

  @Override
  public MountedFile withoutField() {
    return field.isEmpty() ? this : new MountedFile(path, Optional.empty());
  }

  /** {@code file://} then the path, with {@code %}, {@code ?}, {@code #} and controls percent-encoded. */
  @Override
  public String format() {
    return "file://" + ReferenceRules.percentEncode(path)
        + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
  }

  /** True: the version is the platform's mount setting, not the reference's (see the class comment). */
  @Override
  public boolean pinned() {
    return true;
  }

  /** True: the platform may update the mounted file under the same path (see the class comment). */
  @Override
  public boolean refreshable() {
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MountedFile && ((MountedFile) o).path.equals(path) && ((MountedFile) o).field.equals(field);
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + field.hashCode();
  }

  /** The canonical form: a path names no secret. */
  @Override
  public String toString() {
    return format();
  }

  /** Absolute and normal, each rule stated without quoting the path. */
  private static String checkPath(String path) {
    if (!path.startsWith("/")) {
      throw new InvalidReferenceException("the path must be absolute: file:///PATH (three slashes: the host part"
          + " is empty); a relative path or a host (file://HOST/PATH) is not allowed");
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new InvalidReferenceException("the path must be at most " + MAX_PATH_BYTES + " bytes of UTF-8");
    }
    ReferenceRules.noControlCharacters(path, "the path");
    ReferenceRules.requireWellFormed(path, "the path");
    int start = 1;
    while (true) {
      int slash = path.indexOf('/', start);
      String segment = slash < 0 ? path.substring(start) : path.substring(start, slash);
      if (segment.isEmpty()) {
        throw new InvalidReferenceException(slash < 0 && start > 1
            ? "the path must name a file, not end in '/'"
            : "the path must not contain an empty segment ('//') or be '/' alone");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidReferenceException("the path must not contain '.' or '..' segments: write it normalized");
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        throw new InvalidReferenceException(
            "each segment of the path must be at most " + MAX_SEGMENT_BYTES + " bytes of UTF-8");
      }
      if (slash < 0) {
        return path;
      }
      start = slash + 1;
    }
  }
}

package dev.secretfn.ref;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reference scheme, as written before {@code ://}: {@code gs}, {@code aws-kms}, {@code vault}. Each store
 * module owns one scheme and contributes its {@link ReferenceSyntax} and its source for it. Immutable value;
 * two schemes are equal when their ids are.
 *
 * <pre>{@code
 * static final Scheme SCHEME = Scheme.of("acme-vault");
 * }</pre>
 */
public final class Scheme {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9+.-]{0,19}");

  private final String id;

  private Scheme(String id) {
    this.id = id;
  }

  /**
   * The scheme with this id.
   *
   * @throws IllegalArgumentException unless {@code id} is 1 to 20 characters of a-z, 0-9, '+', '.' and '-',
   *     starting with a letter (RFC 3986's scheme, lower case)
   */
  public static Scheme of(String id) {
    Objects.requireNonNull(id, "id");
    if (!isValidId(id)) {
      throw new IllegalArgumentException(
          "a scheme must be 1 to 20 characters of a-z, 0-9, '+', '.' and '-', starting with a letter");
    }
    return new Scheme(id);
  }

  static boolean isValidId(String id) {
    return ID.matcher(id).matches();
  }

  /** The scheme as written in references, without {@code ://}. */
  public String id() {
    return id;
  }

  /** The prefix of this scheme's references: {@code id + "://"}. */
  public String prefix() {
    return id + "://";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Scheme && ((Scheme) o).id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** {@code id://}, as references start. */
  @Override
  public String toString() {
    return prefix();
  }
}

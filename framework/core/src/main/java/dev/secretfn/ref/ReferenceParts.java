package dev.secretfn.ref;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What follows {@code scheme://} in a reference, split once by the shared rules: a path, then an optional
 * {@code ?parameter}, then an optional {@code #fragment} (the first {@code #} starts the fragment, the first
 * {@code ?} before it starts the parameter). The accessors apply the shared strictness rules and throw
 * {@link InvalidReferenceException} with a message that never quotes the input. Immutable.
 *
 * <p>A reference takes at most one parameter: {@code ?name=value}, with a non-empty value and no {@code &}.
 */
public final class ReferenceParts {
  private final String path;
  private final String query;
  private final String fragment;

  private ReferenceParts(String path, String query, String fragment) {
    this.path = path;
    this.query = query;
    this.fragment = fragment;
  }

  /** Splits what follows {@code scheme://}. */
  public static ReferenceParts split(String rest) {
    int hash = rest.indexOf('#');
    String beforeHash = hash < 0 ? rest : rest.substring(0, hash);
    String fragment = hash < 0 ? null : rest.substring(hash + 1);
    int question = beforeHash.indexOf('?');
    String path = question < 0 ? beforeHash : beforeHash.substring(0, question);
    String query = question < 0 ? null : beforeHash.substring(question + 1);
    return new ReferenceParts(path, query, fragment);
  }

  /** The path as written (not percent-decoded); may be empty. */
  public String path() {
    return path;
  }

  /** The text after {@code ?} as written, if there is one. */
  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /** The text after {@code #} as written, if there is one. */
  public Optional<String> fragment() {
    return Optional.ofNullable(fragment);
  }

  /** The path's first segment, for {@code BUCKET/OBJECT} paths; not decoded, checked by the caller's rule. */
  public String bucket() {
    int slash = path.indexOf('/');
    if (slash <= 0) {
      throw new InvalidReferenceException("expected BUCKET/OBJECT after the scheme");
    }
    return path.substring(0, slash);
  }

  /**
   * What follows the bucket in a {@code BUCKET/OBJECT} path, percent-decoded and checked by {@link
   * ReferenceRules#objectName}.
   */
  public String objectName() {
    bucket();
    String object = path.substring(path.indexOf('/') + 1);
    if (object.isEmpty()) {
      throw new InvalidReferenceException("the object name is empty");
    }
    return ReferenceRules.objectName(ReferenceRules.percentDecode(object));
  }

  /** The whole path, percent-decoded and checked as a name by {@link ReferenceRules#objectName}. */
  public String name() {
    if (path.isEmpty()) {
      throw new InvalidReferenceException("expected a name after the scheme");
    }
    return ReferenceRules.objectName(ReferenceRules.percentDecode(path));
  }

  /** The fragment as a JSON field name, percent-decoded and checked by {@link ReferenceRules#field}. */
  public Optional<String> field() {
    if (fragment == null) {
      return Optional.empty();
    }
    if (fragment.isEmpty()) {
      throw new InvalidReferenceException("'#' must be followed by a JSON field name");
    }
    return Optional.of(ReferenceRules.field(ReferenceRules.percentDecode(fragment)));
  }

  /** The fragment as a positive decimal number naming {@code what} (for example a generation). */
  public OptionalLong positiveFragment(String what) {
    if (fragment == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(ReferenceRules.positive(fragment, what));
  }

  /** Requires that there is no {@code #} part. */
  public void noFragment() {
    if (fragment != null) {
      throw new InvalidReferenceException("this scheme takes no '#' part");
    }
  }

  /** Requires that there is no {@code ?} part. */
  public void noQuery() {
    if (query != null) {
      throw new InvalidReferenceException("this scheme takes no '?' parameters");
    }
  }

  /** The value of the one parameter {@code name}, which must be present. */
  public String requiredParameter(String name) {
    return optionalParameter(name)
        .orElseThrow(() -> new InvalidReferenceException("the '?" + name + "=' parameter is required"));
  }

  /**
   * The value of the parameter {@code name} as written, if the reference has a {@code ?} part; any other
   * parameter is an error.
   */
  public Optional<String> optionalParameter(String name) {
    if (query == null) {
      return Optional.empty();
    }
    if (!query.startsWith(name + "=")) {
      throw new InvalidReferenceException(
          "unknown or misplaced parameter: this scheme takes only '?" + name + "='");
    }
    String value = query.substring(name.length() + 1);
    if (value.isEmpty()) {
      throw new InvalidReferenceException("the '" + name + "' parameter is empty");
    }
    if (value.indexOf('&') >= 0) {
      throw new InvalidReferenceException("only one parameter is allowed ('&' found)");
    }
    return Optional.of(value);
  }

  /** The parameter {@code name} as a positive decimal number, if present. */
  public OptionalLong positiveParameter(String name) {
    Optional<String> value = optionalParameter(name);
    return value.isPresent() ? OptionalLong.of(ReferenceRules.positive(value.get(), name)) : OptionalLong.empty();
  }

  /** Never the parts themselves: a mistyped reference might hold a secret. */
  @Override
  public String toString() {
    return "ReferenceParts[" + path.length() + " path characters"
        + (query == null ? "" : ", a parameter") + (fragment == null ? "" : ", a fragment") + "]";
  }
}

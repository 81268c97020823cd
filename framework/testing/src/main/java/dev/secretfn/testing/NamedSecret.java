package dev.secretfn.testing;

import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference of {@link InMemorySource#syntax()}: {@code SCHEME://NAME[#FIELD]}, a percent-encoded name and
 * an optional JSON field, both under core's shared rules.
 */
public final class NamedSecret implements SecretReference {
  private final Scheme scheme;
  private final String name;
  private final Optional<String> field;

  /**
   * @throws dev.secretfn.ref.InvalidReferenceException if the name or field breaks the shared rules
   */
  public NamedSecret(Scheme scheme, String name, Optional<String> field) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    this.name = ReferenceRules.objectName(name);
    this.field = field.map(ReferenceRules::field);
  }

  /** The secret's name. */
  public String name() {
    return name;
  }

  @Override
  public Scheme scheme() {
    return scheme;
  }

  @Override
  public Optional<String> field() {
    return field;
  }

  @Override
  public NamedSecret withoutField() {
    return new NamedSecret(scheme, name, Optional.empty());
  }

  /**
   * True: a test may {@linkplain InMemorySource#rotate rotate} the value under this name, as a store rotates a
   * secret; yet the reference stays {@link #pinned()}, so that start-up logs no unpinned warning for it.
   */
  @Override
  public boolean refreshable() {
    return true;
  }

  @Override
  public String format() {
    return scheme.prefix() + ReferenceRules.percentEncode(name)
        + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NamedSecret)) {
      return false;
    }
    NamedSecret that = (NamedSecret) o;
    return scheme.equals(that.scheme) && name.equals(that.name) && field.equals(that.field);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, name, field);
  }

  @Override
  public String toString() {
    return format();
  }

  static final class Syntax implements ReferenceSyntax {
    private final Scheme scheme;

    Syntax(Scheme scheme) {
      this.scheme = scheme;
    }

    @Override
    public Scheme scheme() {
      return scheme;
    }

    @Override
    public NamedSecret parse(ReferenceParts parts) {
      parts.noQuery();
      return new NamedSecret(scheme, parts.name(), parts.field());
    }
  }
}

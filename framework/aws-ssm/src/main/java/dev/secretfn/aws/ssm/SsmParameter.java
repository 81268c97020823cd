package dev.secretfn.aws.ssm;

import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An SSM Parameter Store parameter in the function's region, optionally pinned to a version or read at a label,
 * optionally with a JSON field: {@code ssm:///app/db/password?version=3}, {@code ssm://db-password?label=prod},
 * {@code ssm:///app/db?version=2#password}. A hierarchical name begins with {@code /}, so its reference has three
 * slashes; a plain name has none.
 *
 * <p>Immutable; equal when the name, selector and field are. Only a version pins the value ({@link #pinned()}): a
 * label can be moved to another version.
 */
public final class SsmParameter implements SecretReference {
  /** {@code ssm://} */
  public static final Scheme SCHEME = Scheme.of("ssm");

  private final String name;
  private final OptionalLong version;
  private final Optional<String> label;
  private final Optional<String> field;

  /**
   * @param name a parameter name: {@code /a/b/c} (hierarchical) or {@code name} (plain)
   * @param version a version, or empty
   * @param label a label, or empty; not both
   * @param field a JSON field of the value, or empty
   * @throws dev.secretfn.ref.InvalidReferenceException when a part breaks Parameter Store's rules
   */
  public SsmParameter(String name, OptionalLong version, Optional<String> label, Optional<String> field) {
    this.name = SsmNames.name(Objects.requireNonNull(name, "name"));
    this.version = Objects.requireNonNull(version, "version");
    this.label = Objects.requireNonNull(label, "label").map(SsmNames::label);
    this.field = Objects.requireNonNull(field, "field").map(ReferenceRules::field);
    version.ifPresent(v -> ReferenceRules.positive(v, "version"));
    if (version.isPresent() && label.isPresent()) {
      throw new dev.secretfn.ref.InvalidReferenceException("a parameter takes a version or a label, not both");
    }
  }

  /** The parameter's name, as Parameter Store spells it ({@code /app/db/password} or {@code db-password}). */
  public String name() {
    return name;
  }

  public OptionalLong version() {
    return version;
  }

  public Optional<String> label() {
    return label;
  }

  /** What {@code GetParameters} is asked for: the name, then {@code :VERSION} or {@code :LABEL} if any. */
  public String selector() {
    if (version.isPresent()) {
      return name + ":" + version.getAsLong();
    }
    return label.map(l -> name + ":" + l).orElse(name);
  }

  /** Whether it names a version: a label, or no selector, reads whatever version is current. */
  @Override
  public boolean pinned() {
    return version.isPresent();
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
  public SsmParameter withoutField() {
    return field.isEmpty() ? this : new SsmParameter(name, version, label, Optional.empty());
  }

  /** Names and labels need no escapes (their characters are a-z A-Z 0-9 _ . - /); a field may. */
  @Override
  public String format() {
    StringBuilder out = new StringBuilder(16 + name.length()).append("ssm://").append(name);
    version.ifPresent(v -> out.append("?version=").append(v));
    label.ifPresent(l -> out.append("?label=").append(l));
    field.ifPresent(f -> out.append('#').append(ReferenceRules.percentEncode(f)));
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SsmParameter && format().equals(((SsmParameter) o).format());
  }

  @Override
  public int hashCode() {
    return format().hashCode();
  }

  @Override
  public String toString() {
    return format();
  }
}

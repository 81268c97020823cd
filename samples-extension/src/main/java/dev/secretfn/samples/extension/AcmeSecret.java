package dev.secretfn.samples.extension;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A secret in Acme's internal secrets service, optionally pinned to a version and optionally narrowed to one
 * JSON field: {@code acme://NAME[?version=N][#FIELD]}, where NAME is slash-separated segments of a-z, 0-9,
 * '-' and '_' ({@code payments/db}). Immutable value.
 */
public final class AcmeSecret implements SecretReference {
  /** {@code acme://} */
  public static final Scheme SCHEME = Scheme.of("acme");

  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,63}(/[a-z0-9_-]{1,63}){0,7}");

  private final String name;
  private final OptionalLong version;
  private final Optional<String> field;

  /** @throws InvalidReferenceException if a part breaks the grammar (the message never quotes it) */
  public AcmeSecret(String name, OptionalLong version, Optional<String> field) {
    this.name = ReferenceRules.matching(name, NAME,
        "the secret name must be 1 to 8 '/'-separated segments of 1 to 63 characters of a-z, 0-9, '-' and '_'");
    version.ifPresent(v -> ReferenceRules.positive(v, "version"));
    this.version = version;
    this.field = field.map(ReferenceRules::field);
  }

  /** The latest version of {@code name}, whole. */
  public static AcmeSecret of(String name) {
    return new AcmeSecret(name, OptionalLong.empty(), Optional.empty());
  }

  public String name() {
    return name;
  }

  /** The pinned version; the service's latest when empty. */
  public OptionalLong version() {
    return version;
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
  public AcmeSecret withoutField() {
    return new AcmeSecret(name, version, Optional.empty());
  }

  /** Whether it names a version: without one, the service's latest is read, which a new version moves. */
  @Override
  public boolean pinned() {
    return version.isPresent();
  }

  @Override
  public String format() {
    return SCHEME.prefix() + name
        + (version.isPresent() ? "?version=" + version.getAsLong() : "")
        + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AcmeSecret)) {
      return false;
    }
    AcmeSecret that = (AcmeSecret) o;
    return name.equals(that.name) && version.equals(that.version) && field.equals(that.field);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, version, field);
  }

  @Override
  public String toString() {
    return format();
  }
}

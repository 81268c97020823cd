package dev.secretfn.bench.common;

import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import dev.secretfn.ref.SecretReference;
import java.util.Objects;
import java.util.Optional;

/** A {@code mem://NAME[#FIELD]} reference, parsed under core's shared rules like a store's. */
final class MemoryReference implements SecretReference {
  private final String name;
  private final Optional<String> field;

  MemoryReference(String name, Optional<String> field) {
    this.name = ReferenceRules.objectName(name);
    this.field = field.map(ReferenceRules::field);
  }

  String name() {
    return name;
  }

  @Override
  public Scheme scheme() {
    return MemorySource.SCHEME;
  }

  @Override
  public Optional<String> field() {
    return field;
  }

  @Override
  public MemoryReference withoutField() {
    return new MemoryReference(name, Optional.empty());
  }

  @Override
  public String format() {
    return MemorySource.SCHEME.prefix() + ReferenceRules.percentEncode(name)
        + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemoryReference && name.equals(((MemoryReference) o).name)
        && field.equals(((MemoryReference) o).field);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, field);
  }

  @Override
  public String toString() {
    return format();
  }

  static final class Syntax implements ReferenceSyntax {
    @Override
    public Scheme scheme() {
      return MemorySource.SCHEME;
    }

    @Override
    public MemoryReference parse(ReferenceParts parts) {
      parts.noQuery();
      return new MemoryReference(parts.name(), parts.field());
    }
  }
}

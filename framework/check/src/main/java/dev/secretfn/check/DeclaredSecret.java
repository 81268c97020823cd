package dev.secretfn.check;

import dev.secretfn.Kms;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One secret of a secrets descriptor ({@code META-INF/secretfn/secrets/<interface>.json}), as the compiler wrote
 * it: what start-up would resolve for one variable. Immutable.
 */
final class DeclaredSecret {
  private final String declarations;
  private final String variable;
  private final String type;
  private final boolean required;
  private final boolean hasDefault;
  private final Optional<Kms> encrypted;
  private final Optional<Duration> refreshMaxAge;

  DeclaredSecret(String declarations, String variable, String type, boolean required, boolean hasDefault,
      Optional<Kms> encrypted, Optional<Duration> refreshMaxAge) {
    this.declarations = Objects.requireNonNull(declarations, "declarations");
    this.variable = Objects.requireNonNull(variable, "variable");
    this.type = Objects.requireNonNull(type, "type");
    this.required = required;
    this.hasDefault = hasDefault;
    this.encrypted = Objects.requireNonNull(encrypted, "encrypted");
    this.refreshMaxAge = Objects.requireNonNull(refreshMaxAge, "refreshMaxAge");
  }

  /** The @SecretDeclarations interface that declares it. */
  String declarations() {
    return declarations;
  }

  String variable() {
    return variable;
  }

  /** {@code Secret}, {@code String}, {@code byte[]} or {@code char[]}. */
  String type() {
    return type;
  }

  boolean required() {
    return required;
  }

  boolean hasDefault() {
    return hasDefault;
  }

  Optional<Kms> encrypted() {
    return encrypted;
  }

  Optional<Duration> refreshMaxAge() {
    return refreshMaxAge;
  }

  /** Whether the two would resolve the same way at start-up (the injected type aside, as core merges them). */
  boolean sameSecretAs(DeclaredSecret other) {
    return variable.equals(other.variable) && required == other.required && hasDefault == other.hasDefault
        && encrypted.equals(other.encrypted) && refreshMaxAge.equals(other.refreshMaxAge);
  }

  @Override
  public String toString() {
    return variable + " of " + declarations + (required ? " (required" : " (optional")
        + (hasDefault ? ", with default" : "") + encrypted.map(k -> ", bare " + k + " ciphertext").orElse("")
        + refreshMaxAge.map(a -> ", refreshing").orElse("") + ")";
  }
}

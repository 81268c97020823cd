package dev.secretfn;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The environment variables secrets are resolved from, passed in so that nothing deep inside reads {@link
 * System#getenv()}. Immutable; {@link #toString()} lists no values.
 */
public final class Environment {
  private final Map<String, String> variables;

  private Environment(Map<String, String> variables) {
    this.variables = variables;
  }

  /** The process environment, read once. */
  public static Environment system() {
    return new Environment(Map.copyOf(System.getenv()));
  }

  /** An environment holding exactly {@code variables}; for tests and launchers. */
  public static Environment of(Map<String, String> variables) {
    return new Environment(Map.copyOf(variables));
  }

  /** The value of {@code name}, if set. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(Objects.requireNonNull(name, "name")));
  }

  /** The names of all variables. */
  public Set<String> names() {
    return variables.keySet();
  }

  @Override
  public String toString() {
    return "Environment[" + variables.size() + " variables]";
  }
}

package dev.secretfn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Every declared secret, resolved. Immutable and thread-safe; {@link #toString()} lists variable names only.
 * Generated Dagger modules read from it to inject {@code @SecretVar} bindings.
 */
public final class ResolvedSecrets {
  private final Map<String, Optional<Secret>> secrets;

  ResolvedSecrets(Map<String, Optional<Secret>> secrets) {
    this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
  }

  /**
   * The secret of a declared variable.
   *
   * @throws IllegalArgumentException if {@code variable} was not declared
   * @throws NoSuchElementException if it was declared optional and is not set
   */
  public Secret get(String variable) {
    return find(variable)
        .orElseThrow(() -> new NoSuchElementException("optional secret " + variable + " is not set"));
  }

  /**
   * The secret of a declared variable, or empty if it is optional and not set.
   *
   * @throws IllegalArgumentException if {@code variable} was not declared
   */
  public Optional<Secret> find(String variable) {
    Optional<Secret> secret = secrets.get(variable);
    if (secret == null) {
      throw new IllegalArgumentException(
          variable + " was not declared: declare it (a @SecretVar method in a @SecretDeclarations interface,"
              + " or a SecretDeclaration bound into the component) so it is resolved at start-up");
    }
    return secret;
  }

  /** The declared variables, in declaration order. */
  public Set<String> variables() {
    return secrets.keySet();
  }

  /** Wipes every secret; for shutdown or a failed start-up. */
  public void wipeAll() {
    secrets.values().forEach(s -> s.ifPresent(Secret::wipe));
  }

  @Override
  public String toString() {
    return "ResolvedSecrets" + secrets.keySet();
  }
}

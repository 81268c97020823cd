package dev.secretfn;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Every declared secret, resolved. Thread-safe; {@link #toString()} lists variable names only. Generated
 * Dagger modules read from it to inject {@code @SecretVar} bindings. A secret resolved once is immutable here; a
 * {@linkplain SecretDeclaration#refreshing refreshing} one is read through its {@link Refreshing} holder.
 */
public final class ResolvedSecrets {
  private final Map<String, Optional<Secret>> secrets;
  private final Map<String, RefreshGroup.Slot> refreshing;
  private final Collection<RefreshGroup> groups;
  private final RefreshEngine engine; // null without refreshing secrets

  ResolvedSecrets(Map<String, Optional<Secret>> secrets) {
    this(secrets, java.util.List.of(), null);
  }

  ResolvedSecrets(Map<String, Optional<Secret>> secrets, Collection<RefreshGroup> groups, RefreshEngine engine) {
    this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
    Map<String, RefreshGroup.Slot> slots = new LinkedHashMap<>();
    for (RefreshGroup group : groups) {
      slots.putAll(group.slots());
    }
    this.refreshing = Collections.unmodifiableMap(slots);
    this.groups = java.util.List.copyOf(groups);
    this.engine = engine;
  }

  /**
   * The secret of a declared variable.
   *
   * @throws IllegalArgumentException if {@code variable} was not declared
   * @throws IllegalStateException if it was declared refreshing (read it with {@link #refreshing})
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
   * @throws IllegalStateException if it was declared refreshing (read it with {@link #refreshing})
   */
  public Optional<Secret> find(String variable) {
    Optional<Secret> secret = secrets.get(variable);
    if (secret == null) {
      throw notDeclared(variable);
    }
    if (refreshing.containsKey(variable)) {
      // Its start-up value is wiped two rotations later: handing it out here would hand out a time bomb.
      throw new IllegalStateException(variable + " is declared refreshing: read it through refreshing(\""
          + variable + "\").current(), or inject Refreshing<Secret>");
    }
    return secret;
  }

  /**
   * The holder of a variable declared {@linkplain SecretDeclaration#refreshing refreshing}; the same object on
   * every call.
   *
   * @throws IllegalArgumentException if {@code variable} was not declared, or not declared refreshing
   */
  public Refreshing<Secret> refreshing(String variable) {
    return slot(variable).secretView;
  }

  /**
   * The text holder of a variable declared {@linkplain SecretDeclaration#refreshing refreshing} and {@linkplain
   * SecretDeclaration#text() text}; the same object on every call. Each value is decoded once, when it arrives.
   *
   * <h2>WARNING</h2>
   * A {@code String} cannot be wiped: every value this holder handed out stays in memory until garbage
   * collection. Prefer {@link #refreshing(String)}.
   *
   * @throws IllegalArgumentException if {@code variable} was not declared, or not declared refreshing and text
   */
  public Refreshing<String> refreshingString(String variable) {
    RefreshGroup.Slot slot = slot(variable);
    if (slot.stringView == null) {
      throw new IllegalArgumentException(variable + " is not declared as text: add .text() to its declaration"
          + " (a Refreshing<String> method does) so that start-up and every refresh check it is UTF-8");
    }
    return slot.stringView;
  }

  private RefreshGroup.Slot slot(String variable) {
    RefreshGroup.Slot slot = refreshing.get(variable);
    if (slot == null) {
      if (!secrets.containsKey(variable)) {
        throw notDeclared(variable);
      }
      throw new IllegalArgumentException(variable + " is not declared refreshing: declare it with"
          + " @Refresh(maxAgeSeconds = ...) on a Refreshing<Secret> method, or SecretDeclaration.refreshing");
    }
    return slot;
  }

  private static IllegalArgumentException notDeclared(String variable) {
    return new IllegalArgumentException(
        variable + " was not declared: declare it (a @SecretVar method in a @SecretDeclarations interface,"
            + " or a SecretDeclaration bound into the component) so it is resolved at start-up");
  }

  /** The declared variables, in declaration order. */
  public Set<String> variables() {
    return secrets.keySet();
  }

  /**
   * Wipes every secret, refreshing ones included (their current and previous values); for shutdown or a failed
   * start-up. A refresh that ends afterwards publishes nothing.
   */
  public void wipeAll() {
    groups.forEach(RefreshGroup::wipeAll);
    secrets.forEach((variable, s) -> {
      if (!refreshing.containsKey(variable)) {
        s.ifPresent(Secret::wipe);
      }
    });
  }

  /** How many refresh threads were started; for tests (0 until the first refresh). */
  int refreshThreadsStarted() {
    return engine == null ? 0 : engine.threadsStarted();
  }

  @Override
  public String toString() {
    return "ResolvedSecrets" + secrets.keySet();
  }
}

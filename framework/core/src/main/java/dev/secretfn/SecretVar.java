package dev.secretfn;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies an injected {@link Secret} (or {@code String}, {@code byte[]}, {@code char[]}, {@code Optional})
 * with the environment variable it is resolved from.
 *
 * <pre>{@code
 * final class Handler {
 *   @Inject Handler(@SecretVar("API_KEY") Secret apiKey) { ... }
 * }
 * }</pre>
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({PARAMETER, FIELD, METHOD})
public @interface SecretVar {
  /** The environment variable's name. */
  String value();
}

package dev.secretfn;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.SOURCE;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * On a method of a {@link SecretDeclarations} interface that returns {@code Refreshing<Secret>} or {@code
 * Refreshing<String>}: the secret is re-read from its store, off the request path, once its value is older than
 * {@link #maxAgeSeconds()} (see {@link Refreshing}). The variable's reference must be able to change (a {@code
 * latest} version, a staging label, an object without a generation): a pinned reference fails start-up.
 *
 * <pre>{@code
 * @SecretDeclarations
 * interface OrderSecrets {
 *   @SecretVar("DB_PASS") @Refresh(maxAgeSeconds = 300) Refreshing<Secret> dbPass();
 * }
 * }</pre>
 *
 * <p>The compiler rejects {@code @Refresh} on any other return type, a {@code Refreshing} method without it, and
 * a maximum age below one second. By hand: {@link SecretDeclaration#refreshing(java.time.Duration)}.
 */
@Documented
@Retention(SOURCE)
@Target(METHOD)
public @interface Refresh {
  /**
   * The age, in seconds, after which a read of the value starts a background refresh; at least 1. Each refresher
   * draws its own age between 80 % and 100 % of it, so that instances started together do not refresh together.
   */
  int maxAgeSeconds();
}

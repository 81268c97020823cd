package dev.secretfn;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.SOURCE;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * On a method of a {@link SecretDeclarations} interface: the secret is optional and takes this UTF-8 value
 * when its variable is not set.
 *
 * <h2>WARNING</h2>
 * The default is compiled into the code: use it for non-sensitive fallbacks only.
 */
@Documented
@Retention(SOURCE)
@Target(METHOD)
public @interface DefaultValue {
  String value();
}

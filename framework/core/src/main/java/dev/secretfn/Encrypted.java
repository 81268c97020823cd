package dev.secretfn;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.SOURCE;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * On a method of a {@link SecretDeclarations} interface: the variable may hold a bare base64 ciphertext of
 * the given key service (the seed's form), besides any self-describing reference.
 */
@Documented
@Retention(SOURCE)
@Target(METHOD)
public @interface Encrypted {
  Kms value();
}

package dev.secretfn;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.SOURCE;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Marks an interface that declares a function's secrets. The secretfn compiler ({@code secretfn-compiler},
 * an annotation processor) generates a Dagger module named after it with a {@code Module} suffix, which binds
 * one {@code @SecretVar} per method and declares each secret so that all are resolved at start-up.
 *
 * <pre>{@code
 * @SecretDeclarations
 * interface OrderSecrets {
 *   @SecretVar("DB_USER") String dbUser();
 *   @SecretVar("DB_PASS") @Encrypted(Kms.GCP) Secret dbPass();   // bare ciphertext, key in KMS_CRYPTO_KEY_ID
 *   @SecretVar("PARTNER_KEY") Optional<Secret> partnerKey();     // optional
 * }
 *
 * @Singleton
 * @Component(modules = {OrderSecretsModule.class, CloudKmsModule.class})
 * interface OrderComponent { OrderHandler handler(); }
 * }</pre>
 *
 * <p>Methods return {@link Secret}, {@code String}, {@code byte[]}, {@code char[]}, or {@code Optional} of
 * {@link Secret} or {@code String} (optional secrets). {@link DefaultValue} makes a secret optional with a
 * fallback. The interface itself is never implemented; it only declares.
 */
@Documented
@Retention(SOURCE)
@Target(TYPE)
public @interface SecretDeclarations {}

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
 *
 * <p>For checks that run before a deployment, the compiler also writes a description of the declared secrets
 * into the class output, and so into the function's jar (a shaded jar keeps it, one path per interface):
 * {@code META-INF/secretfn/secrets/<fully qualified interface name>.json}, UTF-8 JSON with non-ASCII escaped,
 * secrets sorted by variable:
 *
 * <pre>{@code
 * {"format":1,"declarations":"app.OrderSecrets","secrets":[
 *   {"variable":"DB_PASS","type":"Secret","required":true,"hasDefault":false,"encrypted":"GCP","refreshMaxAgeSeconds":null},
 *   {"variable":"PARTNER_KEY","type":"Secret","required":false,"hasDefault":false,"encrypted":null,"refreshMaxAgeSeconds":null}
 * ]}
 * }</pre>
 *
 * <p>{@code type} is the injected value without its {@code Optional} or {@code Refreshing} wrapper:
 * {@code Secret}, {@code String}, {@code byte[]} or {@code char[]}. {@code required} is false for an
 * {@code Optional} or a {@link DefaultValue}; the default itself is never written, only {@code hasDefault}.
 * {@code encrypted} is the {@link Kms} of {@link Encrypted}, or null; {@code refreshMaxAgeSeconds} is
 * {@link Refresh#maxAgeSeconds()} of a {@code Refreshing} secret, or null. {@code format} changes only when a
 * reader would misread the file; fields may be added within a format.
 */
@Documented
@Retention(SOURCE)
@Target(TYPE)
public @interface SecretDeclarations {}

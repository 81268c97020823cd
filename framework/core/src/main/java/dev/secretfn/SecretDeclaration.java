package dev.secretfn;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Declares that a function needs the secret named by one environment variable. Immutable value.
 *
 * <pre>{@code
 * SecretDeclaration.required("DB_PASS").encryptedWith(Kms.GCP);   // seed form: bare ciphertext
 * SecretDeclaration.required("CONFIG");                            // any reference: gs://..., berglas://...
 * SecretDeclaration.optional("FEATURE_KEY");                       // absent unless set
 * SecretDeclaration.required("API_KEY").refreshing(Duration.ofMinutes(5)); // re-read when 5 min old
 * }</pre>
 *
 * <p>Most functions do not build declarations by hand: {@code @SecretDeclarations} interfaces generate them.
 */
public final class SecretDeclaration {
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  private final String variable;
  private final boolean required;
  private final Optional<String> defaultValue;
  private final Optional<Kms> bareCiphertext;
  private final boolean text;
  private final Optional<Duration> refreshMaxAge;

  private SecretDeclaration(String variable, boolean required, Optional<String> defaultValue,
      Optional<Kms> bareCiphertext, boolean text, Optional<Duration> refreshMaxAge) {
    this.variable = variable;
    this.required = required;
    this.defaultValue = defaultValue;
    this.bareCiphertext = bareCiphertext;
    this.text = text;
    this.refreshMaxAge = refreshMaxAge;
  }

  /** A secret that must be set: start-up fails if the variable is missing. */
  public static SecretDeclaration required(String variable) {
    return new SecretDeclaration(checkVariable(variable), true, Optional.empty(), Optional.empty(), false,
        Optional.empty());
  }

  /** A secret that may be absent: it is then injected as {@code Optional.empty()}. */
  public static SecretDeclaration optional(String variable) {
    return new SecretDeclaration(checkVariable(variable), false, Optional.empty(), Optional.empty(), false,
        Optional.empty());
  }

  /**
   * A secret that takes {@code defaultValue} (UTF-8) when the variable is not set.
   *
   * <h2>WARNING</h2>
   * The default is part of the code: use it for non-sensitive fallbacks only, never for a real credential.
   */
  public static SecretDeclaration optional(String variable, String defaultValue) {
    return new SecretDeclaration(
        checkVariable(variable), false, Optional.of(Objects.requireNonNull(defaultValue, "defaultValue")),
        Optional.empty(), false, Optional.empty());
  }

  /**
   * Returns this declaration, also accepting a bare base64 ciphertext of {@code kms} as the variable's value
   * (the form {@code gcloud kms encrypt | base64 -w0} and the Lambda console produce). Self-describing
   * references are accepted either way.
   */
  public SecretDeclaration encryptedWith(Kms kms) {
    return new SecretDeclaration(
        variable, required, defaultValue, Optional.of(Objects.requireNonNull(kms, "kms")), text,
        refreshMaxAge);
  }

  /**
   * Returns this declaration, also requiring the secret to be UTF-8 text: for secrets injected as {@code
   * String} or {@code char[]}, so that binary content fails start-up (at {@code DECODE}) rather than the
   * construction of the handler.
   */
  public SecretDeclaration text() {
    return new SecretDeclaration(variable, required, defaultValue, bareCiphertext, true, refreshMaxAge);
  }

  /**
   * Returns this declaration, made refreshing: the secret is injected as a {@link Refreshing} holder whose value
   * is re-read from its store, off the request path, once it is older than {@code maxAge} (each refresher draws
   * its own age between 80 % and 100 % of it). The variable's reference must be {@linkplain
   * dev.secretfn.ref.SecretReference#refreshable() refreshable}: a pinned one fails start-up at {@code
   * PARSE_REFERENCE}. Read the holder with {@link ResolvedSecrets#refreshing(String)}. What {@code @Refresh} on
   * a {@code @SecretDeclarations} method generates.
   *
   * @param maxAge at least one second
   * @throws IllegalStateException if this declaration is optional: a refreshing secret always has a value
   */
  public SecretDeclaration refreshing(Duration maxAge) {
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("a refreshing secret's maximum age must be at least 1 second");
    }
    if (!required) {
      throw new IllegalStateException("only a required secret can refresh: " + variable
          + " is declared optional, and a refreshing secret always has a value");
    }
    return new SecretDeclaration(variable, required, defaultValue, bareCiphertext, text, Optional.of(maxAge));
  }

  /** The maximum age of a refreshing secret's value; empty for a secret resolved once, at start-up. */
  public Optional<Duration> refreshMaxAge() {
    return refreshMaxAge;
  }

  /** The same declaration, resolved once: what a refresh of this one resolves. */
  SecretDeclaration once() {
    return new SecretDeclaration(variable, required, defaultValue, bareCiphertext, text, Optional.empty());
  }

  /** Whether the secret must be UTF-8 text. */
  public boolean isText() {
    return text;
  }

  /** Whether the two declare the same secret, ignoring whether either requires text. */
  boolean sameSecretAs(SecretDeclaration other) {
    return variable.equals(other.variable) && required == other.required
        && defaultValue.equals(other.defaultValue) && bareCiphertext.equals(other.bareCiphertext)
        && refreshMaxAge.equals(other.refreshMaxAge);
  }

  public String variable() {
    return variable;
  }

  public boolean isRequired() {
    return required;
  }

  /** The value used when the variable is not set; only for optional declarations. */
  public Optional<String> defaultValue() {
    return defaultValue;
  }

  /** The key service whose bare ciphertexts the variable may hold, if declared. */
  public Optional<Kms> bareCiphertext() {
    return bareCiphertext;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SecretDeclaration)) {
      return false;
    }
    SecretDeclaration that = (SecretDeclaration) o;
    return variable.equals(that.variable)
        && required == that.required
        && defaultValue.equals(that.defaultValue)
        && bareCiphertext.equals(that.bareCiphertext)
        && text == that.text
        && refreshMaxAge.equals(that.refreshMaxAge);
  }

  @Override
  public int hashCode() {
    return Objects.hash(variable, required, defaultValue, bareCiphertext, text, refreshMaxAge);
  }

  /** Names the variable and its options; a default value is never shown. */
  @Override
  public String toString() {
    return "SecretDeclaration[" + variable + (required ? ", required" : ", optional")
        + (defaultValue.isPresent() ? ", with default" : "")
        + bareCiphertext.map(k -> ", bare " + k + " ciphertext").orElse("")
        + (text ? ", text" : "")
        + refreshMaxAge.map(a -> ", refreshing at max age " + a).orElse("") + "]";
  }

  private static String checkVariable(String variable) {
    Objects.requireNonNull(variable, "variable");
    if (!VARIABLE.matcher(variable).matches()) {
      throw new IllegalArgumentException(
          "an environment variable name must be letters, digits and '_', not starting with a digit");
    }
    return variable;
  }
}

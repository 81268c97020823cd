package dev.secretfn.ref;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Parses environment variable values into {@link SecretReference}s, strictly: a value either matches the
 * grammar in {@code docs/references.md} exactly or is rejected with a {@link ReferenceException} that names
 * the variable and the problem. There is no fallback (no "bad generation means latest", no plaintext).
 *
 * <pre>{@code
 * SecretReference ref = ReferenceParser.parse("DB", "gs://my-bucket/db.json?generation=3#password");
 * }</pre>
 */
public final class ReferenceParser {
  /** The variable that names the CryptoKey for bare Cloud KMS ciphertexts, as in the seed's functions. */
  public static final String GCP_KMS_KEY_VARIABLE = "KMS_CRYPTO_KEY_ID";

  private static final Pattern SCHEME_TOKEN = Pattern.compile("[a-z][a-z0-9+.-]{0,19}");
  private static final Pattern POSITIVE_DECIMAL = Pattern.compile("[1-9][0-9]{0,18}");
  private static final String KNOWN = "gcp-kms://, aws-kms://, gs://, s3://, berglas:// or vault://";

  private ReferenceParser() {}

  /**
   * Parses a self-describing reference.
   *
   * @param variable the environment variable the value came from, named in errors
   * @param value the variable's value; never quoted in errors
   */
  public static SecretReference parse(String variable, String value) throws ReferenceException {
    checkOuterShape(variable, value);
    int separator = value.indexOf("://");
    if (separator < 0) {
      if (SCHEME_TOKEN.matcher(value.substring(0, Math.max(0, value.indexOf(':')))).matches()) {
        throw new ReferenceException(variable, "malformed reference: a scheme must be followed by '://'");
      }
      throw new ReferenceException(
          variable,
          "does not hold a reference: expected a value starting with " + KNOWN
              + ". secretfn never reads a secret's plaintext from the environment; a variable that holds a"
              + " bare KMS ciphertext must be declared as encrypted");
    }
    String schemeId = value.substring(0, separator);
    if (!SCHEME_TOKEN.matcher(schemeId).matches()) {
      throw new ReferenceException(variable, "does not start with a valid scheme; expected " + KNOWN);
    }
    Scheme scheme =
        Scheme.forId(schemeId)
            .orElseThrow(
                () -> new ReferenceException(
                    variable, "unknown scheme '" + schemeId + "://'; expected " + KNOWN));
    Parts parts = Parts.split(value.substring(separator + 3));
    try {
      return parse(scheme, parts);
    } catch (IllegalArgumentException e) {
      throw new ReferenceException(variable, "invalid " + scheme + " reference: " + e.getMessage());
    }
  }

  /**
   * Parses a variable declared to hold a bare base64 ciphertext of {@code kms}; the variable may also hold any
   * self-describing reference.
   *
   * @param gcpCryptoKey the CryptoKey for bare Cloud KMS ciphertexts (the value of {@value
   *     #GCP_KMS_KEY_VARIABLE}), if set
   */
  public static SecretReference parseCiphertext(
      String variable, String value, Kms kms, Optional<String> gcpCryptoKey) throws ReferenceException {
    checkOuterShape(variable, value);
    if (value.contains("://")) {
      return parse(variable, value);
    }
    try {
      switch (kms) {
        case GCP:
          String key =
              gcpCryptoKey.orElseThrow(
                  () -> new ReferenceException(
                      variable,
                      "holds a bare Cloud KMS ciphertext but " + GCP_KMS_KEY_VARIABLE + " is not set: set it to"
                          + " the CryptoKey name, or write the value as gcp-kms://KEY?ciphertext=BASE64"));
          try {
            Names.cryptoKey(key);
          } catch (IllegalArgumentException e) {
            throw new ReferenceException(variable, GCP_KMS_KEY_VARIABLE + " is invalid: " + e.getMessage());
          }
          return new GcpKmsCiphertext(key, value);
        case AWS:
          return new AwsKmsCiphertext(Optional.empty(), value);
        default:
          throw new AssertionError(kms);
      }
    } catch (IllegalArgumentException e) {
      throw new ReferenceException(variable, "invalid bare " + kms.scheme() + " ciphertext: " + e.getMessage());
    }
  }

  /** The canonical written form of {@code reference}. */
  public static String format(SecretReference reference) {
    return reference.format();
  }

  private static void checkOuterShape(String variable, String value) throws ReferenceException {
    if (value.isEmpty()) {
      throw new ReferenceException(variable, "is empty");
    }
    if (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))) {
      throw new ReferenceException(
          variable, "has leading or trailing whitespace (often a newline from echo or base64): remove it");
    }
  }

  private static SecretReference parse(Scheme scheme, Parts parts) throws ReferenceException {
    switch (scheme) {
      case GCP_KMS:
        parts.noFragment();
        return new GcpKmsCiphertext(parts.path, parts.requiredParameter("ciphertext"));
      case AWS_KMS:
        parts.noFragment();
        String blob = parts.requiredParameter("ciphertext");
        return new AwsKmsCiphertext(parts.path.isEmpty() ? Optional.empty() : Optional.of(parts.path), blob);
      case GCS:
        return new GcsObject(
            parts.bucket(), parts.objectName(), parts.positiveParameter("generation"), parts.field());
      case S3:
        return new S3Object(
            parts.bucket(), parts.objectName(), parts.optionalParameter("versionId"), parts.field());
      case BERGLAS:
        if (parts.query != null && parts.query.startsWith("destination=")) {
          throw new IllegalArgumentException(
              "'?destination=' makes Berglas write the secret to a file or the environment; secretfn keeps"
                  + " secrets in memory only, so remove it");
        }
        parts.noQuery();
        OptionalLong generation =
            parts.fragment == null ? OptionalLong.empty() : OptionalLong.of(positive(parts.fragment, "generation"));
        return new BerglasObject(parts.bucket(), parts.objectName(), generation);
      case VAULT:
        return new VaultSecret(parts.path, parts.positiveParameter("version"), parts.field());
      default:
        throw new AssertionError(scheme);
    }
  }

  private static long positive(String digits, String what) {
    if (digits.length() > 19 && digits.chars().allMatch(c -> c >= '0' && c <= '9') && digits.charAt(0) != '0') {
      throw new IllegalArgumentException("the " + what + " is larger than a 64-bit number");
    }
    if (!POSITIVE_DECIMAL.matcher(digits).matches()) {
      throw new IllegalArgumentException(
          "the " + what + " must be a positive decimal number without sign or leading zeros");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the " + what + " is larger than a 64-bit number");
    }
  }

  /** The pieces after {@code scheme://}: path, then an optional {@code ?query}, then an optional {@code #fragment}. */
  private static final class Parts {
    final String path;
    final String query;
    final String fragment;

    private Parts(String path, String query, String fragment) {
      this.path = path;
      this.query = query;
      this.fragment = fragment;
    }

    static Parts split(String rest) {
      int hash = rest.indexOf('#');
      String beforeHash = hash < 0 ? rest : rest.substring(0, hash);
      String fragment = hash < 0 ? null : rest.substring(hash + 1);
      int question = beforeHash.indexOf('?');
      String path = question < 0 ? beforeHash : beforeHash.substring(0, question);
      String query = question < 0 ? null : beforeHash.substring(question + 1);
      return new Parts(path, query, fragment);
    }

    String bucket() {
      int slash = path.indexOf('/');
      if (slash <= 0) {
        throw new IllegalArgumentException("expected BUCKET/OBJECT after the scheme");
      }
      return path.substring(0, slash);
    }

    String objectName() {
      String object = path.substring(path.indexOf('/') + 1);
      if (object.isEmpty()) {
        throw new IllegalArgumentException("the object name is empty");
      }
      return Percent.decode(object);
    }

    Optional<String> field() {
      if (fragment == null) {
        return Optional.empty();
      }
      if (fragment.isEmpty()) {
        throw new IllegalArgumentException("'#' must be followed by a JSON field name");
      }
      return Optional.of(Percent.decode(fragment));
    }

    void noFragment() {
      if (fragment != null) {
        throw new IllegalArgumentException("this scheme takes no '#' part");
      }
    }

    void noQuery() {
      if (query != null) {
        throw new IllegalArgumentException("this scheme takes no '?' parameters");
      }
    }

    String requiredParameter(String name) {
      return optionalParameter(name)
          .orElseThrow(() -> new IllegalArgumentException("the '?" + name + "=' parameter is required"));
    }

    Optional<String> optionalParameter(String name) {
      if (query == null) {
        return Optional.empty();
      }
      if (!query.startsWith(name + "=")) {
        throw new IllegalArgumentException("unknown or misplaced parameter: this scheme takes only '?" + name + "='");
      }
      String value = query.substring(name.length() + 1);
      if (value.isEmpty()) {
        throw new IllegalArgumentException("the '" + name + "' parameter is empty");
      }
      if (value.indexOf('&') >= 0) {
        throw new IllegalArgumentException("only one parameter is allowed ('&' found)");
      }
      return Optional.of(value);
    }

    OptionalLong positiveParameter(String name) {
      Optional<String> value = optionalParameter(name);
      return value.isPresent() ? OptionalLong.of(positive(value.get(), name)) : OptionalLong.empty();
    }
  }
}

package dev.secretfn.ref;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The registry of reference syntaxes a component binds: parses environment variable values into {@link
 * SecretReference}s by dispatching on the scheme, strictly. A value either matches the grammar of a bound
 * syntax exactly or is rejected with a {@link ReferenceException} that names the variable and the problem.
 * There is no fallback (no "bad generation means latest", no plaintext). Immutable and thread-safe.
 *
 * <pre>{@code
 * ReferenceParser parser = ReferenceParser.of(List.of(new GcsSyntax(), new S3Syntax()));
 * SecretReference ref = parser.parse("DB", "gs://my-bucket/db.json?generation=3#password");
 * }</pre>
 */
public final class ReferenceParser {
  private final Map<String, ReferenceSyntax> bySchemeId;
  private final Map<Kms, BareCiphertextSyntax> byKms;

  private ReferenceParser(Map<String, ReferenceSyntax> bySchemeId, Map<Kms, BareCiphertextSyntax> byKms) {
    this.bySchemeId = bySchemeId;
    this.byKms = byKms;
  }

  /**
   * A parser over {@code syntaxes}, at most one per scheme.
   *
   * @throws IllegalArgumentException if two syntaxes claim the same scheme or the same bare ciphertexts
   */
  public static ReferenceParser of(Collection<? extends ReferenceSyntax> syntaxes) {
    Map<String, ReferenceSyntax> bySchemeId = new TreeMap<>();
    Map<Kms, BareCiphertextSyntax> byKms = new EnumMap<>(Kms.class);
    for (ReferenceSyntax syntax : syntaxes) {
      String id = Objects.requireNonNull(syntax.scheme(), "scheme").id();
      ReferenceSyntax previous = bySchemeId.putIfAbsent(id, syntax);
      if (previous != null) {
        throw new IllegalArgumentException(
            "two syntaxes are bound for " + syntax.scheme() + " references: " + previous.getClass().getName()
                + " and " + syntax.getClass().getName() + "; bind one");
      }
      if (syntax instanceof BareCiphertextSyntax) {
        BareCiphertextSyntax bare = (BareCiphertextSyntax) syntax;
        if (byKms.putIfAbsent(bare.kms(), bare) != null) {
          throw new IllegalArgumentException("two syntaxes read bare " + bare.kms() + " ciphertexts; bind one");
        }
      }
    }
    return new ReferenceParser(Collections.unmodifiableMap(bySchemeId), byKms);
  }

  /** The schemes this parser reads. */
  public Set<Scheme> schemes() {
    Set<Scheme> schemes = new LinkedHashSet<>();
    bySchemeId.values().forEach(s -> schemes.add(s.scheme()));
    return Collections.unmodifiableSet(schemes);
  }

  /**
   * Parses a self-describing reference.
   *
   * @param variable the environment variable the value came from, named in errors
   * @param value the variable's value; never quoted in errors
   */
  public SecretReference parse(String variable, String value) throws ReferenceException {
    checkOuterShape(variable, value);
    int separator = value.indexOf("://");
    if (separator < 0) {
      if (Scheme.isValidId(value.substring(0, Math.max(0, value.indexOf(':'))))) {
        throw new ReferenceException(variable, "malformed reference: a scheme must be followed by '://'");
      }
      throw new ReferenceException(
          variable,
          "does not hold a reference: expected a value starting with " + bound()
              + ". secretfn never reads a secret's plaintext from the environment; a variable that holds a"
              + " bare KMS ciphertext must be declared as encrypted");
    }
    String schemeId = value.substring(0, separator);
    if (!Scheme.isValidId(schemeId)) {
      throw new ReferenceException(variable, "does not start with a valid scheme; expected " + bound());
    }
    ReferenceSyntax syntax = bySchemeId.get(schemeId);
    if (syntax == null) {
      throw new ReferenceException(variable, unbound(schemeId), KnownStores.moduleFor(schemeId));
    }
    return parseWith(variable, syntax, value.substring(separator + 3));
  }

  /**
   * Parses a variable declared to hold a bare base64 ciphertext of {@code kms}; the variable may also hold any
   * self-describing reference.
   */
  public SecretReference parseCiphertext(String variable, String value, Kms kms, Environment environment)
      throws ReferenceException {
    checkOuterShape(variable, value);
    if (value.contains("://")) {
      return parse(variable, value);
    }
    BareCiphertextSyntax syntax = byKms.get(kms);
    if (syntax == null) {
      Optional<String> module = KnownStores.moduleFor(kms.schemeId());
      throw new ReferenceException(variable, "is declared to hold a bare " + kms + " ciphertext, but no syntax"
          + " for them is bound" + module.map(m -> ": bare " + kms + " ciphertexts need " + m).orElse(""), module);
    }
    try {
      return checked(syntax, syntax.parseBare(value, environment));
    } catch (InvalidReferenceException e) {
      throw new ReferenceException(variable, "cannot be read as a bare " + kms + " ciphertext: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ReferenceException(variable, failed(syntax, e));
    }
  }

  private static SecretReference parseWith(String variable, ReferenceSyntax syntax, String rest)
      throws ReferenceException {
    try {
      return checked(syntax, syntax.parse(ReferenceParts.split(rest)));
    } catch (InvalidReferenceException e) {
      throw new ReferenceException(variable, "invalid " + syntax.scheme() + " reference: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ReferenceException(variable, failed(syntax, e));
    }
  }

  private static SecretReference checked(ReferenceSyntax syntax, SecretReference reference) {
    if (reference == null || !syntax.scheme().equals(reference.scheme())) {
      throw new IllegalStateException("the syntax returned a reference of another scheme, or null");
    }
    return reference;
  }

  /** A syntax failed in a way it did not mean to report: its message might quote the input, so drop it. */
  private static String failed(ReferenceSyntax syntax, RuntimeException e) {
    return "the " + syntax.scheme() + " syntax (" + syntax.getClass().getName() + ") failed with "
        + e.getClass().getName() + "; this is a bug in that syntax";
  }

  private String unbound(String schemeId) {
    Optional<String> module = KnownStores.moduleFor(schemeId);
    if (module.isPresent()) {
      return "'" + schemeId + "://' references need " + module.get()
          + " (this component reads " + bound() + ")";
    }
    return "unknown scheme '" + schemeId + "://'; this component reads " + bound();
  }

  private String bound() {
    if (bySchemeId.isEmpty()) {
      return "no references at all (bind a store module, such as CloudStorageModule or S3Module)";
    }
    StringJoiner joiner = new StringJoiner(", ");
    bySchemeId.keySet().forEach(id -> joiner.add(id + "://"));
    return joiner.toString();
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

  /** The built-in stores by scheme, so that an unbound one names the module to add. Hints only. */
  static final class KnownStores {
    private static final Map<String, String> MODULES = new LinkedHashMap<>();

    static {
      MODULES.put("gcp-kms", "CloudKmsModule from secretfn-gcp-kms");
      MODULES.put("gs", "CloudStorageModule from secretfn-gcp-storage");
      MODULES.put("berglas", "BerglasModule from secretfn-gcp-storage");
      MODULES.put("sm", "SecretManagerModule from secretfn-gcp-secretmanager");
      MODULES.put("gcp-sm", "SecretManagerModule from secretfn-gcp-secretmanager");
      MODULES.put("aws-kms", "AwsKmsModule from secretfn-aws-kms");
      MODULES.put("s3", "S3Module from secretfn-aws-s3");
      MODULES.put("aws-sm", "SecretsManagerModule from secretfn-aws-secretsmanager");
      MODULES.put("ssm", "SsmModule from secretfn-aws-ssm");
      MODULES.put("file", "FileModule from secretfn-file");
      MODULES.put("vault", "VaultModule from secretfn-vault");
    }

    private KnownStores() {}

    static Optional<String> moduleFor(String schemeId) {
      return Optional.ofNullable(MODULES.get(schemeId));
    }
  }
}

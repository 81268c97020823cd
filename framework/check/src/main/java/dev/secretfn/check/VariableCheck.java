package dev.secretfn.check;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceRules;
import dev.secretfn.ref.SecretReference;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The findings about one declared secret in one deployment: what {@code SecretResolver}'s planning would say at
 * start-up (same problems, same fixes), plus the plaintext rule that start-up cannot apply and notes for template
 * values the check could not resolve. Never puts a value of the deployment, or its length, in a finding.
 */
final class VariableCheck {
  /**
   * Fewer decoded bytes than this is no KMS ciphertext: every KMS writes at least a key id, a nonce and a tag
   * around the plaintext, while 32 random bytes ({@code openssl rand -base64 32}) are a common plaintext key.
   */
  static final int MIN_CIPHERTEXT_BYTES = 33;

  /** {@code Scheme}'s rule for ids. */
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,19}");

  private final Syntaxes syntaxes;
  private final Set<String> knownSchemes;
  private final Environment environment;

  /**
   * @param knownSchemes the schemes of every store the check knows, bound or not: a value that starts with one
   *     of them and a ':' is a mistyped reference rather than a plaintext
   * @param environment the deployment's resolved values, for settings of bare ciphertexts (KMS_CRYPTO_KEY_ID)
   */
  VariableCheck(Syntaxes syntaxes, Set<String> knownSchemes, Environment environment) {
    this.syntaxes = syntaxes;
    this.knownSchemes = knownSchemes;
    this.environment = environment;
  }

  List<Finding> check(DeclaredSecret secret, Optional<DeployedValue> deployed) {
    List<Finding> findings = new ArrayList<>();
    String variable = secret.variable();
    if (deployed.isEmpty()) {
      if (secret.required()) {
        findings.add(Finding.of(Severity.ERROR, variable, "the variable is not set", Optional.of(
            "set " + variable + " to a reference (see docs/references.md), or declare it optional")));
      }
      // An unset optional secret is how a function is meant to run without it: nothing to say.
      return findings;
    }
    DeployedValue value = deployed.get();
    if (!value.resolved()) {
      checkPartial(secret, value, findings);
      return findings;
    }
    String text = value.text().orElseThrow();
    SecretReference reference;
    try {
      if (text.contains("://") || text.isEmpty() || looksLikeMistypedReference(text)) {
        reference = parse(secret, text);
      } else if (secret.encrypted().isEmpty()) {
        findings.add(plaintext(variable, "holds no reference (no scheme://) and is not declared encrypted"));
        return findings;
      } else {
        Kms kms = secret.encrypted().get();
        Optional<String> notCiphertext = notCiphertext(text);
        if (notCiphertext.isPresent()) {
          findings.add(plaintext(variable, "is declared to hold a bare " + kms + " ciphertext, but its value is"
              + " no canonical " + kms + " ciphertext (" + notCiphertext.get() + ")"));
          return findings;
        }
        reference = syntaxes.parser().parseCiphertext(variable, text, kms, environment);
      }
    } catch (ReferenceException e) {
      findings.add(unbuiltScheme(variable, text, e).orElseGet(() -> unparsable(variable, e)));
      return findings;
    }
    checkReference(secret, reference, findings);
    return findings;
  }

  /**
   * A NOTE instead of an unknown-scheme error when the component binds syntaxes the check could not build: one
   * of them may read the scheme.
   */
  private Optional<Finding> unbuiltScheme(String variable, String text, ReferenceException e) {
    int separator = text.indexOf("://");
    // Only a well-formed scheme is ever repeated: the text before "://" might be anything.
    if (syntaxes.unsupported().isEmpty() || e.missingModule().isPresent() || separator <= 0
        || !SCHEME.matcher(text.substring(0, separator)).matches()
        || syntaxes.schemeIds().contains(text.substring(0, separator))) {
      return Optional.empty();
    }
    return Optional.of(note(variable, "its scheme " + text.substring(0, separator) + ":// is none of the"
        + " component's syntaxes that the check could build; not checked, as the component also binds "
        + String.join(", ", syntaxes.unsupported())));
  }

  /** A template value known in part: check what can be checked, and say what was left open. */
  private void checkPartial(DeclaredSecret secret, DeployedValue value, List<Finding> findings) {
    String variable = secret.variable();
    String open = "its value is left unresolved in part: " + String.join(", ", value.unresolved());
    Optional<String> prefix = value.literalPrefix();
    int separator = prefix.map(p -> p.indexOf("://")).orElse(-1);
    if (separator < 0) {
      findings.add(note(variable, open + "; not checked"));
      return;
    }
    String scheme = prefix.get().substring(0, separator);
    try {
      SecretReference reference = syntaxes.parser().parse(variable, value.text().orElseThrow());
      findings.add(note(variable, open + "; checked with '" + DeployedValue.PLACEHOLDER + "' in its place"));
      checkReference(secret, reference, findings);
    } catch (ReferenceException e) {
      if (e.missingModule().isPresent() || !syntaxes.schemeIds().contains(scheme)) {
        findings.add(note(variable, open));
        findings.add(unparsable(variable, e));
      } else {
        findings.add(note(variable, open + "; its scheme " + scheme + ":// is bound, and the rest could not be"
            + " checked with '" + DeployedValue.PLACEHOLDER + "' in place of the unresolved parts"));
      }
    }
  }

  /** The checks on a parsed reference, as start-up makes them. */
  private static void checkReference(DeclaredSecret secret, SecretReference reference, List<Finding> findings) {
    String variable = secret.variable();
    if (secret.refreshMaxAge().isPresent() && !reference.refreshable()) {
      findings.add(Finding.of(Severity.ERROR, variable, variable + " is declared refreshing but its reference is"
          + " pinned to one version, which no refresh can change", Optional.of("drop the version from the"
          + " reference to let it refresh (a ciphertext in the variable never changes: keep the secret in a"
          + " store), or declare " + variable + " without @Refresh")));
    } else if (!reference.pinned() && secret.refreshMaxAge().isEmpty()) {
      findings.add(Finding.of(Severity.WARNING, variable, "reads " + reference.describe() + " at whatever version"
          + " is current when an instance starts, so a new version reaches every new instance at once, with no"
          + " rollout", Optional.of("pin a version (see docs/references.md)")));
    }
  }

  private SecretReference parse(DeclaredSecret secret, String text) throws ReferenceException {
    return secret.encrypted().isPresent()
        ? syntaxes.parser().parseCiphertext(secret.variable(), text, secret.encrypted().get(), environment)
        : syntaxes.parser().parse(secret.variable(), text);
  }

  /** {@code gs:/bucket}, {@code s3:bucket}: a scheme the check knows, then ':' without '//'. */
  private boolean looksLikeMistypedReference(String text) {
    int colon = text.indexOf(':');
    return colon > 0 && (knownSchemes.contains(text.substring(0, colon))
        || syntaxes.schemeIds().contains(text.substring(0, colon)));
  }

  /** Why {@code text} is no bare KMS ciphertext, if it is not: the rule broken, never the text. */
  static Optional<String> notCiphertext(String text) {
    try {
      ReferenceRules.ciphertext(text);
    } catch (InvalidReferenceException e) {
      return Optional.of(e.getMessage());
    }
    if (Base64.getDecoder().decode(text).length < MIN_CIPHERTEXT_BYTES) {
      return Optional.of("too short to be one");
    }
    return Optional.empty();
  }

  private static Finding unparsable(String variable, ReferenceException e) {
    return e.missingModule().isPresent()
        ? Finding.of(Severity.ERROR, variable, e.problem(),
            Optional.of("add " + e.missingModule().get() + " to your component"))
        : Finding.of(Severity.ERROR, variable, e.problem(),
            Optional.of("write the value in a form from docs/references.md"));
  }

  private static Finding plaintext(String variable, String why) {
    return Finding.of(Severity.ERROR, variable, why + ": it looks like a plaintext secret, which must never be in"
        + " a deployment's variables", Optional.of("store the secret (deploy/gcp/put-*-secret.sh,"
        + " deploy/aws/put-*-secret.sh) or encrypt it (encrypt-env.sh), and set " + variable + " to the reference"
        + " or ciphertext"));
  }

  private static Finding note(String variable, String message) {
    return Finding.of(Severity.NOTE, variable, message, Optional.empty());
  }
}

package dev.secretfn.ref;

import dev.secretfn.Environment;
import dev.secretfn.Kms;
import java.util.Optional;

/**
 * Tiny syntaxes for testing the registry and the shared rules without any store module: the built-in
 * schemes' syntaxes live in their store modules, which core cannot depend on.
 */
final class TestSyntaxes {
  static final Scheme TEST = Scheme.of("test");

  private TestSyntaxes() {}

  /** {@code SCHEME://NAME[#FIELD]}: a percent-encoded name and an optional field, under the shared rules. */
  record Named(Scheme scheme, String name, Optional<String> field) implements SecretReference {
    Named {
      ReferenceRules.objectName(name);
      field.ifPresent(ReferenceRules::field);
    }

    @Override
    public Named withoutField() {
      return new Named(scheme, name, Optional.empty());
    }

    @Override
    public String format() {
      return scheme.prefix() + ReferenceRules.percentEncode(name)
          + field.map(f -> "#" + ReferenceRules.percentEncode(f)).orElse("");
    }
  }

  /** The syntax of {@link Named} for one scheme. */
  static final class NamedSyntax implements ReferenceSyntax {
    private final Scheme scheme;

    NamedSyntax() {
      this(TEST);
    }

    NamedSyntax(Scheme scheme) {
      this.scheme = scheme;
    }

    @Override
    public Scheme scheme() {
      return scheme;
    }

    @Override
    public Named parse(ReferenceParts parts) {
      parts.noQuery();
      return new Named(scheme, parts.name(), parts.field());
    }
  }

  /** Fails as a careless syntax would: a {@link NumberFormatException} whose message quotes the input. */
  static final class CarelessSyntax implements ReferenceSyntax {
    @Override
    public Scheme scheme() {
      return TEST;
    }

    @Override
    public SecretReference parse(ReferenceParts parts) {
      Long.parseLong(parts.path()); // NumberFormatException: For input string: "<the path>"
      throw new AssertionError("only numbers-that-are-not are used with this syntax");
    }
  }

  /** Returns a reference of another scheme than its own. */
  static final class ImpostorSyntax implements ReferenceSyntax {
    @Override
    public Scheme scheme() {
      return TEST;
    }

    @Override
    public SecretReference parse(ReferenceParts parts) {
      return new Named(Scheme.of("other"), parts.name(), Optional.empty());
    }
  }

  /** Reads bare ciphertexts of {@code kms} as {@code SCHEME://CIPHERTEXT} references of {@link Named}. */
  static final class BareSyntax implements BareCiphertextSyntax {
    private final Kms kms;
    private final Scheme scheme;

    BareSyntax(Kms kms, Scheme scheme) {
      this.kms = kms;
      this.scheme = scheme;
    }

    @Override
    public Scheme scheme() {
      return scheme;
    }

    @Override
    public Named parse(ReferenceParts parts) {
      parts.noQuery();
      parts.noFragment();
      return new Named(scheme, ReferenceRules.ciphertext(parts.path()), Optional.empty());
    }

    @Override
    public Kms kms() {
      return kms;
    }

    @Override
    public Named parseBare(String ciphertext, Environment environment) {
      return new Named(scheme, ReferenceRules.ciphertext(ciphertext), Optional.empty());
    }
  }
}

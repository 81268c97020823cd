package dev.secretfn.ref;

/**
 * Parses the references of one scheme: what follows {@code scheme://}, already split by the shared rules
 * into path, {@code ?parameter} and {@code #fragment}. A store module binds its syntax into the component
 * next to its source ({@code @Binds @IntoSet ReferenceSyntax}); core dispatches each variable on its scheme
 * to the syntaxes the component binds. Implementations are stateless and thread-safe.
 *
 * <p>Build the reference from {@link ReferenceParts}' accessors and the checks in {@link ReferenceRules}:
 * they hold every store to the same strictness (percent-decoding, canonical base64, positive numbers,
 * field names, length limits, no control characters) and their messages never quote the input.
 *
 * <pre>{@code
 * final class AcmeSyntax implements ReferenceSyntax {
 *   public Scheme scheme() { return AcmeSecret.SCHEME; }
 *   public AcmeSecret parse(ReferenceParts parts) {
 *     parts.noQuery();
 *     return new AcmeSecret(parts.name(), parts.field());   // acme://NAME[#FIELD]
 *   }
 * }
 * }</pre>
 */
public interface ReferenceSyntax {
  /** The one scheme this syntax parses. */
  Scheme scheme();

  /**
   * Parses what follows {@code scheme://}.
   *
   * @throws InvalidReferenceException if the parts do not follow the grammar; the message states the rule
   *     and never quotes the input. Any other exception is reported without its message.
   */
  SecretReference parse(ReferenceParts parts);
}

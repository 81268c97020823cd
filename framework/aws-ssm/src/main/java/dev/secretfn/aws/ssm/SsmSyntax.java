package dev.secretfn.aws.ssm;

import dev.secretfn.ref.InvalidReferenceException;
import dev.secretfn.ref.ReferenceParts;
import dev.secretfn.ref.ReferenceSyntax;
import dev.secretfn.ref.Scheme;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code ssm://NAME[?version=N | ?label=L][#FIELD]}: after {@code ssm://}, a hierarchical name begins with
 * {@code /} ({@code ssm:///app/db}) and a plain one does not ({@code ssm://db}). Names and labels take no percent
 * escapes (their characters need none); the field takes them as every store's does.
 */
final class SsmSyntax implements ReferenceSyntax {
  @Inject
  SsmSyntax() {}

  @Override
  public Scheme scheme() {
    return SsmParameter.SCHEME;
  }

  @Override
  public SsmParameter parse(ReferenceParts parts) {
    if (parts.path().isEmpty()) {
      throw new InvalidReferenceException("expected a parameter name after ssm:// (ssm:///path/name or"
          + " ssm://name)");
    }
    OptionalLong version = OptionalLong.empty();
    Optional<String> label = Optional.empty();
    Optional<String> query = parts.query();
    if (query.isPresent() && query.get().startsWith("label=")) {
      label = parts.optionalParameter("label");
    } else if (query.isPresent() && !query.get().startsWith("version=")) {
      throw new InvalidReferenceException("unknown or misplaced parameter: ssm:// takes only '?version=' or"
          + " '?label='");
    } else {
      version = parts.positiveParameter("version");
    }
    return new SsmParameter(parts.path(), version, label, parts.field());
  }
}

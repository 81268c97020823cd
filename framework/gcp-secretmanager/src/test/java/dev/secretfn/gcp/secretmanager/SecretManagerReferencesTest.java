package dev.secretfn.gcp.secretmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.testing.contract.ReferenceTableContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The sm:// and gcp-sm:// tables: Berglas's forms as Berglas reads them (its own test cases among them), the
 * resource-name form global and regional, and each refusal with its rule.
 */
class SecretManagerReferencesTest extends ReferenceTableContract {
  private static final ReferenceParser PARSER = ReferenceParser.of(List.copyOf(
      SecretManagerContractComponent.of(Map.of()).syntaxes()));
  private static final OptionalLong LATEST = OptionalLong.empty();

  @Override
  protected ReferenceParser parser() {
    return PARSER;
  }

  private static BerglasSecretManagerSecret sm(String project, String secret, OptionalLong version) {
    return new BerglasSecretManagerSecret(project, secret, version);
  }

  private static SecretManagerSecret gcpSm(String project, String location, String secret, OptionalLong version,
      String field) {
    return new SecretManagerSecret(project, Optional.ofNullable(location), secret, version, Optional.ofNullable(field));
  }

  @Override
  protected Stream<Arguments> validReferences() {
    return Stream.of(
        // Berglas's forms (doc/reference-syntax.md and reference_test.go)
        canonical("sm://foo/bar", sm("foo", "bar", LATEST)),
        canonical("sm://my-project/my-secret#13", sm("my-project", "my-secret", OptionalLong.of(13))),
        notCanonical("sm://my-project/my-secret#latest", sm("my-project", "my-secret", LATEST)),
        canonical("sm://123456789012/DB_pass-2", sm("123456789012", "DB_pass-2", LATEST)),
        canonical("sm://example.com:my-project/db", sm("example.com:my-project", "db", LATEST)),
        // the resource-name form
        canonical("gcp-sm://projects/my-project/secrets/db/versions/7",
            gcpSm("my-project", null, "db", OptionalLong.of(7), null)),
        canonical("gcp-sm://projects/my-project/secrets/db/versions/7#password",
            gcpSm("my-project", null, "db", OptionalLong.of(7), "password")),
        canonical("gcp-sm://projects/my-project/secrets/db/versions/latest#password",
            gcpSm("my-project", null, "db", LATEST, "password")),
        canonical("gcp-sm://projects/my-project/locations/europe-west1/secrets/db/versions/3",
            gcpSm("my-project", "europe-west1", "db", OptionalLong.of(3), null)),
        canonical("gcp-sm://projects/42/locations/us-central1/secrets/db/versions/3#user%23name",
            gcpSm("42", "us-central1", "db", OptionalLong.of(3), "user#name")));
  }

  @Override
  protected Stream<Arguments> malformedReferences() {
    return Stream.of(
        bad("sm://foo", "expected sm://PROJECT/SECRET"),
        bad("sm://foo/", "the secret id must be"),
        bad("sm://foo/bar/baz/bacon", "Secret Manager secrets are not nested"),
        bad("sm://foo/bar?destination=tempfile", "secretfn never writes a secret to a file"),
        bad("sm://foo/bar?destination=/var/foo#12", "drop '?destination=...'"),
        bad("sm://foo/bar?version=3", "sm:// takes no '?' parameters"),
        bad("sm://foo/bar#password", "never a JSON field"),
        bad("sm://foo/bar#", "'#' must be followed by the version"),
        bad("sm://foo/bar#0", "positive decimal number"),
        bad("sm://foo/bar#013", "positive decimal number"),
        bad("sm://Foo/bar", "the project must be"),
        bad("sm://foo/b%61r", "the secret id must be"),
        bad("sm://foo/bar.baz", "the secret id must be"),
        bad("gcp-sm://projects/p1/secrets/db", "the version is required"),
        bad("gcp-sm://projects/p1/locations/us-east1/secrets/db", "the version is required"),
        bad("gcp-sm://projects/p1/secrets/db/versions/", "the version must be a positive number or 'latest'"),
        bad("gcp-sm://projects/p1/secrets/db/versions/prod", "version aliases are not supported"),
        bad("gcp-sm://projects/p1/secrets/db/versions/1/extra", "expected projects/PROJECT/secrets/SECRET"),
        bad("gcp-sm://projects/p1/locations/global/secrets/db/versions/1", "a global secret's name has no"),
        bad("gcp-sm://p1/db#1", "expected projects/PROJECT/secrets/SECRET"),
        bad("gcp-sm://projects/p1/secrets/db/versions/1?alt=json", "takes no '?' parameters"),
        bad("gcp-sm://projects/p1/secrets/db/versions/1#", "'#' must be followed by a JSON field name"));
  }

  @Test
  void pinned_latestWrittenOrImplied_isFalse() throws Exception {
    assertThat(PARSER.parse("V", "sm://p1/db").pinned()).isFalse();
    assertThat(PARSER.parse("V", "sm://p1/db#latest").pinned()).isFalse();
    assertThat(PARSER.parse("V", "sm://p1/db#3").pinned()).isTrue();
    assertThat(PARSER.parse("V", "gcp-sm://projects/p1/secrets/db/versions/latest").pinned()).isFalse();
    assertThat(PARSER.parse("V", "gcp-sm://projects/p1/secrets/db/versions/3#password").pinned()).isTrue();
  }

  @Test
  void refreshable_latestWrittenOrImplied_isTrue() throws Exception {
    assertThat(PARSER.parse("V", "sm://p1/db").refreshable()).isTrue();
    assertThat(PARSER.parse("V", "sm://p1/db#3").refreshable()).isFalse();
    assertThat(PARSER.parse("V", "gcp-sm://projects/p1/secrets/db/versions/latest#password").refreshable()).isTrue();
    assertThat(PARSER.parse("V", "gcp-sm://projects/p1/secrets/db/versions/3").refreshable()).isFalse();
  }
}

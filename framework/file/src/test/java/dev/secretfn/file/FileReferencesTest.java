package dev.secretfn.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.ReferenceTableContract;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact file:// grammar: what parses to which file, and what is refused with which rule. */
class FileReferencesTest extends ReferenceTableContract {
  @Override
  protected ReferenceParser parser() {
    return ReferenceParser.of(List.of(new FileSyntax()));
  }

  @Override
  protected Stream<Arguments> validReferences() {
    return Stream.of(
        canonical("file:///secrets/db", MountedFile.of("/secrets/db")),
        canonical("file:///secrets/db#password", MountedFile.of("/secrets/db").withField("password")),
        canonical("file:///db", MountedFile.of("/db")),
        canonical("file:///var/run/secrets/app/..data/db.json#user name",
            MountedFile.of("/var/run/secrets/app/..data/db.json").withField("user name")),
        canonical("file:///secrets/100%25 sure%3F%23x", MountedFile.of("/secrets/100% sure?#x")),
        canonical("file:///secrets/name%20", MountedFile.of("/secrets/name ")),
        canonical("file:///secrets/clé/ключ", MountedFile.of("/secrets/clé/ключ")),
        canonical("file:///secrets/.hidden/...", MountedFile.of("/secrets/.hidden/...")),
        canonical("file:///s/" + "a".repeat(255), MountedFile.of("/s/" + "a".repeat(255))),
        notCanonical("file:///secrets/%64b", MountedFile.of("/secrets/db")),
        notCanonical("file:///secrets/100%25%20sure%3f", MountedFile.of("/secrets/100% sure?")),
        notCanonical("file:///secrets/db#pass%77ord", MountedFile.of("/secrets/db").withField("password")));
  }

  /** The mount setting pins the version (no start-up warning), yet the platform may swap the file under the path. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"file:///secrets/db", "file:///secrets/db#password"})
  void parse_anyFile_pinnedAndRefreshable(String value) throws ReferenceException {
    SecretReference reference = parser().parse("DB_PASS", value);

    assertThat(reference.pinned()).isTrue();
    assertThat(reference.refreshable()).isTrue();
  }

  @Override
  protected Stream<Arguments> malformedReferences() {
    return Stream.of(
        bad("file://", "expected an absolute path after the scheme"),
        bad("file://#password", "expected an absolute path after the scheme"),
        bad("file://secrets/db", "the path must be absolute"),
        bad("file://localhost/secrets/db", "the path must be absolute"),
        bad("file://zq7host/secrets/db", "the path must be absolute"),
        bad("file:/secrets/db", "a scheme must be followed by '://'"),
        bad("file:secrets/db", "a scheme must be followed by '://'"),
        bad("FILE:///secrets/db", "does not start with a valid scheme"),
        bad("file:///", "the path must not contain an empty segment"),
        bad("file:////secrets/db", "the path must not contain an empty segment"),
        bad("file:///secrets//db", "the path must not contain an empty segment"),
        bad("file:///secrets/", "the path must name a file, not end in '/'"),
        bad("file:///secrets/./db", "'.' or '..' segments"),
        bad("file:///secrets/../etc/passwd", "'.' or '..' segments"),
        bad("file:///secrets/..", "'.' or '..' segments"),
        bad("file:///secrets/%2E%2E/zq7etc", "'.' or '..' segments"),
        bad("file:///secrets/a%2Fzq7b", "a percent-encoded '/'"),
        bad("file:///secrets/db%00", "the path contains a control character"),
        bad("file:///secrets/d%0Ab", "the path contains a control character"),
        bad("file:///secrets/db%zz", "'%' must be followed by two hexadecimal digits"),
        bad("file:///secrets/db%C3%28", "percent-escapes must decode to valid UTF-8"),
        bad("file:///secrets/db?version=3", "this scheme takes no '?' parameters"),
        bad("file:///secrets/db?", "this scheme takes no '?' parameters"),
        bad("file:///secrets/db#", "'#' must be followed by a JSON field name"),
        bad("file:///secrets/db#%", "'%' must be followed by two hexadecimal digits"),
        bad("file:///s/" + "a".repeat(256), "each segment of the path must be at most 255 bytes"),
        bad("file://" + "/abcdefgh".repeat(456), "the path must be at most 4095 bytes"),
        bad("file:///secrets/db ", "leading or trailing whitespace"));
  }
}

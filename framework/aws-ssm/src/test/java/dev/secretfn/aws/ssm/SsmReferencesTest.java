package dev.secretfn.aws.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.ref.ReferenceException;
import dev.secretfn.ref.ReferenceParser;
import dev.secretfn.ref.SecretReference;
import dev.secretfn.testing.contract.ReferenceTableContract;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;

/** The ssm:// grammar, row by row: what each value parses to, and the rule that rejects each malformed one. */
class SsmReferencesTest extends ReferenceTableContract {
  private static SsmParameter p(String name, OptionalLong version, Optional<String> label, Optional<String> field) {
    return new SsmParameter(name, version, label, field);
  }

  @Override
  protected ReferenceParser parser() {
    return ReferenceParser.of(List.of(new SsmSyntax()));
  }

  @Override
  protected Stream<Arguments> validReferences() {
    return Stream.of(
        canonical("ssm:///app/db/password", p("/app/db/password", OptionalLong.empty(), Optional.empty(),
            Optional.empty())),
        canonical("ssm://db-password", p("db-password", OptionalLong.empty(), Optional.empty(), Optional.empty())),
        canonical("ssm:///app/db?version=3", p("/app/db", OptionalLong.of(3), Optional.empty(), Optional.empty())),
        canonical("ssm://db.pass_1?label=prod", p("db.pass_1", OptionalLong.empty(), Optional.of("prod"),
            Optional.empty())),
        canonical("ssm:///app/db?version=2#password", p("/app/db", OptionalLong.of(2), Optional.empty(),
            Optional.of("password"))),
        canonical("ssm:///a#f%23x", p("/a", OptionalLong.empty(), Optional.empty(), Optional.of("f#x"))),
        canonical("ssm:///" + "a/".repeat(14) + "a", p("/" + "a/".repeat(14) + "a", OptionalLong.empty(),
            Optional.empty(), Optional.empty())),
        canonical("ssm://myaws", p("myaws", OptionalLong.empty(), Optional.empty(), Optional.empty())));
  }

  /** Only {@code ?version=} pins: a label can be moved, and no selector reads the current version. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ssm:///app/db/password,           false",
    "ssm://db-password,                false",
    "ssm:///app/db?label=prod#password, false",
    "ssm:///app/db?version=3,          true",
    "ssm://db-password?version=3#f,    true",
  })
  void parse_withOrWithoutVersion_pinnedOnlyWithOneAndRefreshableOnlyWithout(String value, boolean pinned)
      throws ReferenceException {
    SecretReference reference = parser().parse("DB_PASS", value);

    assertThat(reference.pinned()).isEqualTo(pinned);
    assertThat(reference.refreshable()).isEqualTo(!pinned);
  }

  @Override
  protected Stream<Arguments> malformedReferences() {
    return Stream.of(
        bad("ssm://", "expected a parameter name"),
        bad("ssm://app/db", "the parameter name must be /PATH/NAME"),
        bad("ssm:////app", "the parameter name must be /PATH/NAME"),
        bad("ssm:///app/", "the parameter name must be /PATH/NAME"),
        bad("ssm:///app//db", "the parameter name must be /PATH/NAME"),
        bad("ssm:///app/d%62", "the parameter name must be /PATH/NAME"),
        bad("ssm:///app/db pass", "the parameter name must be /PATH/NAME"),
        bad("ssm:///app:3", "the parameter name must be /PATH/NAME"),
        bad("ssm:///" + "a/".repeat(15) + "a", "at most 15 levels"),
        bad("ssm://" + "a".repeat(1012), "1 to 1011 characters"),
        bad("ssm:///aws/service/x", "cannot begin with 'aws' or 'ssm'"),
        bad("ssm://SSM-param", "cannot begin with 'aws' or 'ssm'"),
        bad("ssm:///app?version=0", "positive decimal"),
        bad("ssm:///app?version=03", "positive decimal"),
        bad("ssm:///app?version=1&label=x", "only one parameter"),
        bad("ssm:///app?label=1st", "not begin with a digit"),
        bad("ssm:///app?label=awsprod", "a label cannot begin"),
        bad("ssm:///app?label=", "is empty"),
        bad("ssm:///app?region=eu-west-1", "takes only '?version=' or '?label='"),
        bad("ssm:///app#", "'#' must be followed"));
  }
}

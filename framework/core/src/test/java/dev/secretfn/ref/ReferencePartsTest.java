package dev.secretfn.ref;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared toolkit store syntaxes build on: {@link ReferenceParts}' split and accessors. */
class ReferencePartsTest {

  @Test
  void split_pathQueryAndFragment_firstHashStartsTheFragmentFirstQuestionMarkBeforeItTheQuery() {
    ReferenceParts parts = ReferenceParts.split("b/o?generation=3?x#f?g#h");

    assertThat(parts.path()).isEqualTo("b/o");
    assertThat(parts.query()).hasValue("generation=3?x");
    assertThat(parts.fragment()).hasValue("f?g#h");
  }

  @Test
  void split_noQueryOrFragment_leavesThemAbsent() {
    ReferenceParts parts = ReferenceParts.split("");

    assertThat(parts.path()).isEmpty();
    assertThat(parts.query()).isEmpty();
    assertThat(parts.fragment()).isEmpty();
  }

  @Test
  void accessors_wellFormedParts_decodeAndCheck() {
    ReferenceParts parts = ReferenceParts.split("zq-bkt/app%2Fdb%20.json?generation=42#pass%23word");

    assertThat(parts.bucket()).isEqualTo("zq-bkt");
    assertThat(parts.objectName()).isEqualTo("app/db .json");
    assertThat(parts.positiveParameter("generation")).hasValue(42);
    assertThat(parts.requiredParameter("generation")).isEqualTo("42");
    assertThat(parts.field()).hasValue("pass#word");
    assertThat(ReferenceParts.split("secret%2Fdb").name()).isEqualTo("secret/db");
    assertThat(ReferenceParts.split("b/o#7").positiveFragment("generation")).hasValue(7);
    assertThat(ReferenceParts.split("b/o").positiveFragment("generation")).isEqualTo(OptionalLong.empty());
    assertThat(ReferenceParts.split("b/o").positiveParameter("generation")).isEqualTo(OptionalLong.empty());
    assertThat(ReferenceParts.split("b/o").field()).isEmpty();
    ReferenceParts.split("b/o").noQuery();
    ReferenceParts.split("b/o").noFragment();
  }

  /** what follows the scheme, the accessor, a stable substring of the rule it breaks. */
  static Stream<Arguments> brokenRules() {
    return Stream.of(
        broken("Zq7Bucket9", ReferenceParts::bucket, "expected BUCKET/OBJECT after the scheme"),
        broken("/Obj7Key", ReferenceParts::bucket, "expected BUCKET/OBJECT after the scheme"),
        broken("zq-bkt/", ReferenceParts::objectName, "the object name is empty"),
        broken("zq-bkt/..", ReferenceParts::objectName, "the object name cannot be '.' or '..'"),
        broken("", ReferenceParts::name, "expected a name after the scheme"),
        broken("Obj7%4", ReferenceParts::name, "'%' must be followed by two hexadecimal digits"),
        broken("Obj7%C3%28", ReferenceParts::name, "percent-escapes must decode to valid UTF-8"),
        broken("Obj7\u0001Key", ReferenceParts::name, "the object name contains a control character"),
        broken("Obj7\uD800Key", ReferenceParts::name, "is not well-formed Unicode"),
        broken("o#", ReferenceParts::field, "'#' must be followed by a JSON field name"),
        broken("o#" + "Fld7".repeat(65), ReferenceParts::field, "the JSON field name must be 1 to 256 characters"),
        broken("o#Fld7%00", ReferenceParts::field, "the JSON field name contains a control character"),
        broken("o#Fld7Xq", ReferenceParts::noFragment, "this scheme takes no '#' part"),
        broken("o?Prm7Xq", ReferenceParts::noQuery, "this scheme takes no '?' parameters"),
        broken("o", p -> p.requiredParameter("ciphertext"), "the '?ciphertext=' parameter is required"),
        broken("o?Prm7Xq=1", p -> p.optionalParameter("version"), "this scheme takes only '?version='"),
        broken("o?version=", p -> p.optionalParameter("version"), "the 'version' parameter is empty"),
        broken("o?version=1&Prm7Xq", p -> p.optionalParameter("version"), "only one parameter is allowed"),
        broken("o?version=07", p -> p.positiveParameter("version"), "the version must be a positive decimal"),
        broken("o?version=92233720368547758079", p -> p.positiveParameter("version"), "larger than a 64-bit"),
        broken("o#Gen7Xq", p -> p.positiveFragment("generation"), "the generation must be a positive decimal"));
  }

  @ParameterizedTest(name = "[{index}] {0} {2}")
  @MethodSource("brokenRules")
  void accessor_brokenRule_throwsInvalidReferenceExceptionWithoutQuotingTheInput(
      String rest, Consumer<ReferenceParts> accessor, String rule) {
    ReferenceParts parts = ReferenceParts.split(rest);

    assertThatThrownBy(() -> accessor.accept(parts))
        .isExactlyInstanceOf(InvalidReferenceException.class)
        .hasMessageContaining(rule)
        .satisfies(e -> ReferenceParserTest.assertNotQuoted(e.getMessage(), rest));
  }

  @Test
  void toString_neverShowsTheParts() {
    assertThat(ReferenceParts.split("Zq7Bucket9/Obj7Key?Prm7Xq=1#Fld7Xq").toString())
        .isEqualTo("ReferenceParts[18 path characters, a parameter, a fragment]");
  }

  private static Arguments broken(String rest, Consumer<ReferenceParts> accessor, String rule) {
    return Arguments.of(rest, accessor, rule);
  }
}

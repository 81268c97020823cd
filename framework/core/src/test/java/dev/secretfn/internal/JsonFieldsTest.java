package dev.secretfn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
  private static final String CANARY = "zq-canary-91";

  @Test
  void quote_anyString_selectsBackToTheSameString() throws JsonFields.JsonShapeException {
    String value = "a\"b\\c\n\u0000\u001f\u007f\u00e9\ud83d\udd11/";

    byte[] json = ("{\"k\":" + JsonFields.quote(value) + "}").getBytes(StandardCharsets.UTF_8);

    assertThat(new String(JsonFields.select(json, "k"), StandardCharsets.UTF_8)).isEqualTo(value);
    assertThat(JsonFields.quote("x\u0001")).isEqualTo("\"x\\u0001\"");
  }

  @Test
  void select_stringField_decodesEscapesToUtf8() throws Exception {
    byte[] json = ("{ \"a\" : [1, {\"b\": null}], \"pw\" : \"x\\n\\u00e9\\ud83d\\udd11\\/\" , \"n\": -1.5e3 }")
        .getBytes(StandardCharsets.UTF_8);

    assertThat(new String(JsonFields.select(json, "pw"), StandardCharsets.UTF_8)).isEqualTo("x\n\u00e9\uD83D\uDD11/");
  }

  @Test
  void select_rawUtf8InStrings_isKept() throws Exception {
    byte[] json = "{\"k\u00e9y\":\"v\u00e4lue\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(new String(JsonFields.select(json, "k\u00e9y"), StandardCharsets.UTF_8)).isEqualTo("v\u00e4lue");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not an object          | [\"CANARY\"]                         | is not a JSON object (it starts like a JSON array)",
      "not JSON at all        | CANARY-plain-text                    | the payload is not a JSON object (it is not JSON at all)",
      "empty                  | ''                                   | the payload is empty",
      "missing field          | {\"other\":\"CANARY\"}               | has no field 'pw'",
      "number field           | {\"pw\":12345}                       | field 'pw' is a JSON number, expected a string",
      "object field           | {\"pw\":{\"x\":\"CANARY\"}}          | field 'pw' is a JSON object, expected a string",
      "duplicate field        | {\"pw\":\"CANARY\",\"pw\":\"b\"}     | has field 'pw' more than once",
      "unquoted value         | {\"pw\":CANARY}                      | not valid JSON: expected a value at byte 6",
      "trailing garbage       | {\"pw\":\"CANARY\"} CANARY           | unexpected content after the JSON object",
      "trailing comma         | {\"pw\":\"CANARY\",}                 | expected a field name",
      "unterminated string    | {\"pw\":\"CANARY                     | unterminated string",
      "bad escape             | {\"pw\":\"CANARY\\x\"}               | invalid escape sequence",
      "lone surrogate         | {\"pw\":\"\\ud800CANARY\"}           | invalid escape sequence",
      "single quotes          | {'pw':'CANARY'}                      | expected a field name",
      "leading zero           | {\"n\":01,\"pw\":\"CANARY\"}         | expected ',' or '}'",
      "bad literal            | {\"n\":tru,\"pw\":\"CANARY\"}        | invalid literal",
  })
  void select_malformed_describesShapeWithoutPayload(String name, String json, String expected) {
    assertThatThrownBy(() -> JsonFields.select(json.getBytes(StandardCharsets.UTF_8), "pw"))
        .isInstanceOf(JsonFields.JsonShapeException.class)
        .hasMessageContaining(expected)
        .hasMessageNotContaining("CANARY");
  }

  @Test
  void select_controlCharacterInString_isRejected() {
    byte[] json = ("{\"pw\":\"" + CANARY + "\u0001\"}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> JsonFields.select(json, "pw"))
        .hasMessageContaining("control character")
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void select_nonUtf8_isRejected() {
    byte[] json = {'{', '"', 'p', 'w', '"', ':', '"', (byte) 0xFF, '"', '}'};

    assertThatThrownBy(() -> JsonFields.select(json, "pw")).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void select_deepNesting_isRejectedWithoutStackOverflow() {
    String deep = "[".repeat(100_000);
    byte[] json = ("{\"x\":" + deep).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> JsonFields.select(json, "pw")).hasMessageContaining("nesting deeper than 64 levels");
  }

  @Test
  void select_nestingAtLimit_isAccepted() throws Exception {
    String nested = "[".repeat(JsonFields.MAX_DEPTH - 1) + "]".repeat(JsonFields.MAX_DEPTH - 1);
    byte[] json = ("{\"x\":" + nested + ",\"pw\":\"ok\"}").getBytes(StandardCharsets.UTF_8);

    assertThat(JsonFields.select(json, "pw")).isEqualTo("ok".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void member_objectStringAndNull_returnsTheirJsonTextAsWritten() throws Exception {
    byte[] json = "{\"data\": {\"data\": {\"value\": \"k\\u00e9y\"}, \"n\": [1,2]}, \"s\": \"a\\\"b\", \"z\": null}"
        .getBytes(StandardCharsets.UTF_8);

    byte[] data = JsonFields.member(json, "data");
    assertThat(new String(data, StandardCharsets.UTF_8))
        .isEqualTo("{\"data\": {\"value\": \"k\\u00e9y\"}, \"n\": [1,2]}");
    assertThat(JsonFields.select(JsonFields.member(data, "data"), "value"))
        .isEqualTo("k\u00e9y".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(JsonFields.member(json, "s"), StandardCharsets.UTF_8)).isEqualTo("\"a\\\"b\"");
    assertThat(new String(JsonFields.member(json, "z"), StandardCharsets.UTF_8)).isEqualTo("null");
  }

  @Test
  void member_missingOrMalformed_failsWithoutQuotingThePayload() {
    byte[] missing = ("{\"data\": {\"pw\": \"" + CANARY + "\"}}").getBytes(StandardCharsets.UTF_8);
    byte[] malformed = ("{\"data\": {\"pw\": \"" + CANARY + "\"}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> JsonFields.member(missing, "auth"))
        .hasMessage("the JSON object has no field 'auth'");
    assertThatThrownBy(() -> JsonFields.member(malformed, "data"))
        .hasMessageContaining("not valid JSON").hasMessageNotContaining(CANARY);
  }

  @Test
  void select_escapedQuoteInField_isUnescaped() throws Exception {
    byte[] json = "{\"user\":\"app\",\"password\":\"p\\\"w\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(new String(JsonFields.select(json, "password"), StandardCharsets.UTF_8)).isEqualTo("p\"w");
  }

  @Test
  void select_malformedPayload_errorNeverEchoesPayload() {
    byte[] broken = ("{\"password\": " + CANARY + "}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> JsonFields.select(broken, "password"))
        .isInstanceOf(JsonFields.JsonShapeException.class)
        .hasMessageStartingWith("the payload is not valid JSON")
        .hasMessageNotContaining(CANARY)
        .hasMessageNotContaining("canary");
  }
}

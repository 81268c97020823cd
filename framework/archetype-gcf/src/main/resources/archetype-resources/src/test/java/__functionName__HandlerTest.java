package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretfn.Secret;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The handler on its own: its secrets are test values passed to its constructor, as Dagger passes the resolved
 * ones. No store, no emulator, no network.
 */
class ${functionName}HandlerTest {
  private static final String API_KEY = "test-api-key";
  private static final String SIGNING_KEY = "test-signing-key";

  private final ${functionName}Handler handler =
      new ${functionName}Handler(Secret.ofUtf8(API_KEY), Secret.ofUtf8(SIGNING_KEY));

  @Test
  void service_rightApiKey_greetsAndSignsTheAnswer() throws Exception {
    FakeHttpResponse response = new FakeHttpResponse();

    handler.service(new FakeHttpRequest().header("X-Api-Key", API_KEY).query("name", "Ada"), response);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
    assertThat(response.header("X-Signature")).hasValue("sha256=" + hmacHex(SIGNING_KEY, response.body()));
  }

  @Test
  void service_wrongApiKey_answers401WithoutSignature() throws Exception {
    FakeHttpResponse response = new FakeHttpResponse();

    handler.service(new FakeHttpRequest().header("X-Api-Key", "not-" + API_KEY), response);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("X-Signature")).isEmpty();
  }

  @Test
  void service_noApiKey_answers401() throws Exception {
    FakeHttpResponse response = new FakeHttpResponse();

    handler.service(new FakeHttpRequest(), response);

    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void service_nameWithMarkup_greetsTheWorld() throws Exception {
    FakeHttpResponse response = new FakeHttpResponse();

    handler.service(new FakeHttpRequest().header("X-Api-Key", API_KEY).query("name", "\"}<script>"), response);

    assertThat(response.body()).isEqualTo("{\"message\":\"Hello, world!\"}");
  }

  /** What a caller computes to check an answer's X-Signature. */
  static String hmacHex(String key, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}

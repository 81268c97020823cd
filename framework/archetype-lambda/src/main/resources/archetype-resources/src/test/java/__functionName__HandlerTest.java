package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.secretfn.Secret;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
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
  void handleRequest_rightApiKey_greetsAndSignsTheAnswer() throws Exception {
    APIGatewayProxyResponseEvent answer = handler.handleRequest(new APIGatewayProxyRequestEvent()
        .withHeaders(Map.of("x-api-key", API_KEY)).withQueryStringParameters(Map.of("name", "Ada")), null);

    assertThat(answer.getStatusCode()).isEqualTo(200);
    assertThat(answer.getBody()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
    assertThat(answer.getHeaders()).containsEntry("X-Signature", "sha256=" + hmacHex(SIGNING_KEY, answer.getBody()));
  }

  @Test
  void handleRequest_wrongApiKey_answers401WithoutSignature() {
    APIGatewayProxyResponseEvent answer = handler.handleRequest(new APIGatewayProxyRequestEvent()
        .withHeaders(Map.of("X-Api-Key", "not-" + API_KEY)), null);

    assertThat(answer.getStatusCode()).isEqualTo(401);
    assertThat(answer.getHeaders()).doesNotContainKey("X-Signature");
  }

  @Test
  void handleRequest_noHeaders_answers401() {
    assertThat(handler.handleRequest(new APIGatewayProxyRequestEvent(), null).getStatusCode()).isEqualTo(401);
  }

  @Test
  void handleRequest_nameWithMarkup_greetsTheWorld() {
    APIGatewayProxyResponseEvent answer = handler.handleRequest(new APIGatewayProxyRequestEvent()
        .withHeaders(Map.of("X-Api-Key", API_KEY)).withQueryStringParameters(Map.of("name", "\"}<script>")), null);

    assertThat(answer.getBody()).isEqualTo("{\"message\":\"Hello, world!\"}");
  }

  /** What a caller computes to check an answer's X-Signature. */
  static String hmacHex(String key, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}

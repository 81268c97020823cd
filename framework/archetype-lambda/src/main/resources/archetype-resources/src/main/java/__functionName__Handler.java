package ${package};

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Greets callers that present the API key ({@code X-Api-Key}) and signs each answer with the signing key
 * ({@code X-Signature: sha256=HEX}, the HMAC-SHA256 of the body), so that a caller can check where it came from.
 * Both keys arrive resolved through the constructor; an invocation does no I/O. Thread-safe, for Lambda's
 * multi-concurrency ({@code AWS_LAMBDA_MAX_CONCURRENCY}).
 */
final class ${functionName}Handler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final String HMAC = "HmacSHA256";
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z .'-]{0,39}");

  private final Secret apiKey;
  private final SecretKeySpec signingKey;

  @Inject
  ${functionName}Handler(@SecretVar("API_KEY") Secret apiKey, @SecretVar("SIGNING_KEY") Secret signingKey) {
    this.apiKey = apiKey;
    byte[] key = signingKey.revealBytes();
    try {
      this.signingKey = new SecretKeySpec(key, HMAC); // copies the key
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
    if (!presentsApiKey(header(event, "X-Api-Key"))) {
      return answer(401, "{\"error\":\"missing or wrong X-Api-Key\"}", Map.of());
    }
    String name = Optional.ofNullable(event.getQueryStringParameters()).map(q -> q.get("name"))
        .filter(n -> NAME.matcher(n).matches()).orElse("world");
    String body = "{\"message\":\"Hello, " + name + "!\"}";
    return answer(200, body, Map.of("X-Signature", "sha256=" + sign(body)));
  }

  /** Compares in time independent of the key's content, and wipes the caller's copy. */
  private boolean presentsApiKey(Optional<String> presented) {
    if (presented.isEmpty()) {
      return false;
    }
    Secret candidate = Secret.ofUtf8(presented.get());
    try {
      return candidate.contentEquals(apiKey);
    } finally {
      candidate.wipe();
    }
  }

  /** API Gateway passes header names as the caller wrote them. */
  private static Optional<String> header(APIGatewayProxyRequestEvent event, String name) {
    Map<String, String> headers = Optional.ofNullable(event.getHeaders()).orElse(Map.of());
    return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst();
  }

  private static APIGatewayProxyResponseEvent answer(int status, String body, Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(all).withBody(body);
  }

  /** A Mac per call: a Mac is not thread-safe. */
  private String sign(String body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(signingKey);
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}

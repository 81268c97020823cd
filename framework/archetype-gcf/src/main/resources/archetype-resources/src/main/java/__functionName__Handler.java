package ${package};

import com.google.cloud.functions.HttpFunction;
import com.google.cloud.functions.HttpRequest;
import com.google.cloud.functions.HttpResponse;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Greets callers that present the API key ({@code X-Api-Key}) and signs each answer with the signing key
 * ({@code X-Signature: sha256=HEX}, the HMAC-SHA256 of the body), so that a caller can check where it came from.
 * Both keys arrive resolved through the constructor; a request does no I/O. Thread-safe: Cloud Functions (2nd gen)
 * may call one instance from many threads.
 */
final class ${functionName}Handler implements HttpFunction {
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
  public void service(HttpRequest request, HttpResponse response) throws IOException {
    response.setContentType("application/json");
    if (!presentsApiKey(request.getFirstHeader("X-Api-Key"))) {
      response.setStatusCode(401, "Unauthorized");
      response.getWriter().write("{\"error\":\"missing or wrong X-Api-Key\"}");
      return;
    }
    String name = request.getFirstQueryParameter("name").filter(n -> NAME.matcher(n).matches()).orElse("world");
    String body = "{\"message\":\"Hello, " + name + "!\"}";
    response.appendHeader("X-Signature", "sha256=" + sign(body));
    response.getWriter().write(body);
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

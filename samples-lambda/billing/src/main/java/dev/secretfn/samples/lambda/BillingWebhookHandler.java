package dev.secretfn.samples.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POST /billing/webhook: accepts an event only when its {@code X-Webhook-Signature: sha256=HEX} is the
 * HMAC-SHA256 of the body under WEBHOOK_SECRET, then answers the open orders (from the orders API, with the
 * database credentials) in a receipt whose {@code X-Receipt-Signature} is its HMAC-SHA256 under SIGNING_KEY.
 */
final class BillingWebhookHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private static final String HMAC = "HmacSHA256";
  private static final String SIGNATURE_HEADER = "X-Webhook-Signature";

  private final Upstream upstream;
  private final String authorization;
  // Key specs, not Mac instances: a Mac is not thread-safe, and the runtime may run several loops at once.
  private final SecretKeySpec webhookKey;
  private final SecretKeySpec signingKey;

  @Inject
  BillingWebhookHandler(Upstream upstream, @SecretVar("DB_USER") String dbUser, @SecretVar("DB_PASS") Secret dbPass,
      @SecretVar("SIGNING_KEY") Secret signingKey, @SecretVar("WEBHOOK_SECRET") Secret webhookSecret) {
    this.upstream = upstream;
    this.authorization = basic(dbUser, dbPass);
    this.webhookKey = key(webhookSecret);
    this.signingKey = key(signingKey);
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
    String body = Optional.ofNullable(event.getBody()).orElse("");
    if (!signedWithWebhookSecret(body, header(event, SIGNATURE_HEADER))) {
      return answer(401, "{\"error\":\"the webhook signature does not match\"}", Map.of());
    }
    try {
      var orders = upstream.get("orders?status=open", Map.of("Authorization", authorization));
      if (orders.statusCode() != 200) {
        return answer(502, "{\"error\":\"the orders API answered " + orders.statusCode() + "\"}", Map.of());
      }
      String receipt = "{\"received\":true,\"orders\":" + orders.body() + "}";
      return answer(200, receipt, Map.of("X-Receipt-Signature", "sha256=" + hmacHex(signingKey, receipt)));
    } catch (IOException e) {
      throw new UncheckedIOException("the orders API is unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private boolean signedWithWebhookSecret(String body, Optional<String> signature) {
    if (signature.isEmpty() || !signature.get().startsWith("sha256=")) {
      return false;
    }
    byte[] expected = ("sha256=" + hmacHex(webhookKey, body)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.get().getBytes(StandardCharsets.US_ASCII));
  }

  private static Optional<String> header(APIGatewayProxyRequestEvent event, String name) {
    Map<String, String> headers = Optional.ofNullable(event.getHeaders()).orElse(Map.of());
    return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst();
  }

  private static APIGatewayProxyResponseEvent answer(int status, String body, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("Content-Type", "application/json");
    return new APIGatewayProxyResponseEvent().withStatusCode(status).withHeaders(all).withBody(body);
  }

  private static String hmacHex(SecretKeySpec key, String data) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static SecretKeySpec key(Secret secret) {
    byte[] bytes = secret.revealBytes();
    try {
      return new SecretKeySpec(bytes, HMAC); // copies
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static String basic(String user, Secret password) {
    byte[] pass = password.revealBytes();
    byte[] prefix = (user + ":").getBytes(StandardCharsets.UTF_8);
    byte[] credentials = Arrays.copyOf(prefix, prefix.length + pass.length);
    System.arraycopy(pass, 0, credentials, prefix.length, pass.length);
    try {
      return "Basic " + Base64.getEncoder().encodeToString(credentials);
    } finally {
      Arrays.fill(pass, (byte) 0);
      Arrays.fill(credentials, (byte) 0);
    }
  }
}

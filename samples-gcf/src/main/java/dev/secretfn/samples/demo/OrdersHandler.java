package dev.secretfn.samples.demo;

import dev.secretfn.Secret;
import dev.secretfn.SecretVar;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Accepts an order webhook only if its HMAC-SHA256 signature was made with the webhook key, and would store
 * it with the database credentials. Plain constructor injection: no secretfn or cloud code in sight.
 */
final class OrdersHandler {
  private final String dbUser;
  private final Secret dbPass;
  private final SecretKeySpec webhookKey;

  @Inject
  OrdersHandler(@SecretVar("DB_USER") String dbUser, @SecretVar("DB_PASS") Secret dbPass,
      @SecretVar("WEBHOOK_KEY") Secret webhookKey) {
    this.dbUser = dbUser;
    this.dbPass = dbPass;
    byte[] key = webhookKey.revealBytes();
    this.webhookKey = new SecretKeySpec(key, "HmacSHA256");
    java.util.Arrays.fill(key, (byte) 0);
  }

  String handle(String order, String signatureHex) {
    if (!MessageDigest.isEqual(sign(order), HexFormat.of().parseHex(signatureHex))) {
      return "403 rejected: bad signature";
    }
    return "201 stored as " + dbUser + " (password " + dbPass + ")";
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(webhookKey);
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}

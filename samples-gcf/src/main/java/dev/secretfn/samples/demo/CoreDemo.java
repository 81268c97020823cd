package dev.secretfn.samples.demo;

import dev.secretfn.Environment;
import dev.secretfn.SecretResolutionException;
import dev.secretfn.ref.Scheme;
import dev.secretfn.testing.InMemorySource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A runnable demo of the core engine: three secrets behind two stand-in sources with 150 ms of latency each,
 * resolved in parallel into a Dagger-built handler; then a broken deployment and its start-up error.
 */
public final class CoreDemo {
  static final String KMS_KEY = "projects/demo/locations/global/keyRings/functions/cryptoKeys/orders";
  static final String WEBHOOK_CIPHERTEXT = Base64.getEncoder().encodeToString("opaque-kms-ciphertext".getBytes(
      StandardCharsets.UTF_8));
  static final String WEBHOOK_KEY = "demo-webhook-signing-key-0123456789";
  static final Duration LATENCY = Duration.ofMillis(150);

  private CoreDemo() {}

  public static void main(String[] args) {
    System.out.println("secretfn core demo: the deployment holds only references; plaintext exists in memory only.");
    Map<String, String> deployed = Map.of(
        "DB_USER", "gs://orders-secrets/db.json#username",
        "DB_PASS", "gs://orders-secrets/db.json#password",
        "WEBHOOK_KEY", "gcp-kms://" + KMS_KEY + "?ciphertext=" + WEBHOOK_CIPHERTEXT);
    new TreeMap<>(deployed).forEach((k, v) -> System.out.println("  " + k + "=" + v));

    long start = System.nanoTime();
    OrdersHandler handler = component(deployed).handler();
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("Resolved 3 secrets (2 fetches of %d ms each, in parallel) and built the handler in %d ms.%n",
        LATENCY.toMillis(), millis);

    String order = "{\"order\":42,\"total\":\"19.90\"}";
    System.out.println("signed order   -> " + handler.handle(order, sign(order)));
    System.out.println("tampered order -> " + handler.handle(order.replace("19.90", "0.01"), sign(order)));

    System.out.println();
    System.out.println("A broken deployment fails at start-up with every problem at once:");
    Map<String, String> broken = Map.of(
        "DB_USER", "gs://orders-secrets/db.json#user",
        "DB_PASS", "hunter2",
        "WEBHOOK_KEY", "gs://orders-secrets/webhook");
    try {
      component(broken).handler();
      throw new AssertionError("the broken deployment started");
    } catch (SecretResolutionException e) {
      System.out.println(e.getMessage());
    }
  }

  static DemoComponent component(Map<String, String> environment) {
    InMemorySource kms = InMemorySource.builder(Scheme.GCP_KMS)
        .putUtf8("gcp-kms://" + KMS_KEY + "?ciphertext=" + WEBHOOK_CIPHERTEXT, WEBHOOK_KEY)
        .latency(LATENCY)
        .build();
    InMemorySource gcs = InMemorySource.builder(Scheme.GCS)
        .putUtf8("gs://orders-secrets/db.json", "{\"username\":\"orders-app\",\"password\":\"correct horse\"}")
        .latency(LATENCY)
        .build();
    return DaggerDemoComponent.factory().create(Environment.of(environment), kms, gcs);
  }

  static String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(WEBHOOK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
